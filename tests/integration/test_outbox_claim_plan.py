"""The relay's claim reads the unsent events through their own index, whatever the statistics.

The outbox keeps every event ever sent. Just after a restore or a bulk load PostgreSQL has no
statistics for it, and the claim (`WHERE sent_at IS NULL ORDER BY id LIMIT n`) was seen walking
the whole log by its primary key on every poll (116 ms at 100,000 events).
"""

from __future__ import annotations

import json

import pytest

from lakou.bootstrap import Container

pytestmark = pytest.mark.postgres_only


async def test_the_claim_uses_the_unsent_index_on_a_log_never_analysed(
    container: Container,
) -> None:
    await container.engine.run_ddl(
        "INSERT INTO lakou_outbox (id, event_type, aggregate_id, payload, occurred_at, sent_at,"
        " attempts) SELECT gen_random_uuid(), 'work.published', gen_random_uuid(), '{}',"
        " now(), now(), 1 FROM generate_series(1, 20000)"
    )
    rows = await container.engine.run_ddl(
        "EXPLAIN (FORMAT JSON) SELECT id FROM lakou_outbox WHERE sent_at IS NULL "
        "ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED"
    )
    plan = json.dumps([dict(row) for row in rows])
    assert "lakou_outbox_unsent" in plan, plan
