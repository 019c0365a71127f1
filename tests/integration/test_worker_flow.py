"""Events travel for real: outbox → relay → Redis → dramatiq worker → activity log → API."""

from __future__ import annotations

import dramatiq
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from workers.broker import PROMPT_POLL_MS, QUEUE, LakouBroker
from workers.routes import routes_for
from workers.runtime import make_relay, start_worker


def test_every_route_names_a_declared_actor(broker: RedisBroker, container: Container) -> None:
    start_worker(broker, container, threads=1).stop()
    declared = set(broker.get_declared_actors())
    for routes in routes_for(container.modules).values():
        for route in routes:
            assert route.actor in declared
            assert isinstance(broker.get_actor(route.actor), dramatiq.Actor)


def test_an_upload_waits_less_for_a_worker_than_other_events(
    broker: RedisBroker, container: Container
) -> None:
    start_worker(broker, container, threads=1).stop()
    # Transcoding is declared prompt (someone watches for the preview): its idle consumer
    # polls every PROMPT_POLL_MS at most; the other queues and every retry queue keep 100 ms.
    assert isinstance(broker, LakouBroker)
    assert broker.prompt_queues == {"media"}
    assert broker.consume("media", timeout=100).timeout == PROMPT_POLL_MS < 100
    assert broker.consume("media.DQ", timeout=100).timeout == 100
    assert broker.consume(QUEUE, timeout=100).timeout == 100


async def test_publishing_a_work_shows_up_in_the_activity_log(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    await client.post(f"/api/works/{work['id']}/publish", headers=headers)
    await client.post(
        f"/api/works/{work['id']}/withdraw", headers=headers, json={"reason": "erreur"}
    )

    before = await client.get("/api/activity", headers=headers)
    assert before.json()["items"] == []  # nothing is delivered until the relay runs

    delivered = await make_relay(broker).drain()
    assert delivered == 4  # created, published, withdrawn, plus the creator's own event
    broker.join(QUEUE, timeout=10_000)
    worker.join()

    entries = (await client.get("/api/activity", headers=headers)).json()["items"]
    assert [entry["kind"] for entry in entries] == [
        "work.withdrawn",
        "work.published",
        "work.created",
    ]
    assert {entry["work_id"] for entry in entries} == {work["id"]}

    # Another creator sees none of it.
    stranger = await sign_up_and_log_in(client)
    assert (await client.get("/api/activity", headers=stranger)).json()["items"] == []
