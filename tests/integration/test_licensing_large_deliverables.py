"""A master over the 25 MB of one request is delivered in parts through the media module's
staging: resumable (the state names the next part), in order, each part's size checked, then
stored under its SHA-256 with the memory flat, and downloaded by the licensee byte for byte.
Real PostgreSQL or SQLite, Redis worker, local storage."""

from __future__ import annotations

import hashlib
import os
import time
import tracemalloc
from typing import Any

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.licensing.deliverables.uploads import ABANDONED_AFTER_S, DeliverableUploads
from tests.helpers import staff_headers
from tests.integration.test_licensing_deals import _film_with_mandate, _partner
from tests.integration.test_licensing_organisation_deals import _code
from tests.integration.test_licensing_paperwork import _quoted_and_accepted
from tests.licensing_paperwork import DEALS, invoiced

MEGABYTE = 1024 * 1024
SIZE = 60 * MEGABYTE + 12345  # the last part shorter than the others


async def test_a_sixty_megabyte_master_is_delivered_in_parts_and_downloaded_intact(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    master = (await client.get(f"{DEALS}/{deal}/deliverables", headers=owner)).json()[0]
    item = f"{DEALS}/{deal}/deliverables/{master['id']}"
    data = os.urandom(SIZE)

    # Only the rights side starts one; a wrong size is refused.
    body = {"size": SIZE, "content_type": "video/quicktime"}
    assert (await client.post(f"{item}/uploads", json=body, headers=partner)).status_code == 403
    empty = await client.post(f"{item}/uploads", json={"size": 0}, headers=owner)
    assert empty.status_code == 400, empty.text
    started = await client.post(f"{item}/uploads", json=body, headers=owner)
    assert started.status_code == 201, started.text
    upload = started.json()
    part_size, parts = upload["part_size"], upload["parts"]
    assert parts == -(-SIZE // part_size) > 1
    assert upload["next_part"] == 1
    url = f"{item}/uploads/{upload['id']}"
    assert (await client.get(url, headers=partner)).status_code == 403
    stranger = await _partner(client, container)
    assert (await client.get(url, headers=stranger)).status_code == 404

    def part(n: int) -> bytes:
        return data[(n - 1) * part_size : n * part_size]

    # Out of order, or of the wrong size: refused, nothing kept.
    early = await client.put(f"{url}/parts/2", content=part(2), headers=owner)
    assert (early.status_code, _code(early)) == (409, "part_out_of_order")
    short = await client.put(f"{url}/parts/1", content=part(1)[:-1], headers=owner)
    assert (short.status_code, _code(short)) == (422, "part_size_mismatch")
    long = await client.put(f"{url}/parts/1", content=part(1) + b"x", headers=owner)
    assert (long.status_code, _code(long)) == (422, "part_size_mismatch")
    assert (await client.get(url, headers=owner)).json()["received_parts"] == []

    # Two parts, then the connection "drops": the state says where to resume.
    for n in (1, 2):
        sent = await client.put(f"{url}/parts/{n}", content=part(n), headers=owner)
        assert sent.status_code == 200, sent.text
    early_end = await client.post(f"{url}/complete", headers=owner)
    assert (early_end.status_code, _code(early_end)) == (409, "upload_incomplete")
    resumed = (await client.get(url, headers=owner)).json()
    assert (resumed["received_parts"], resumed["next_part"]) == ([1, 2], 3)
    for n in range(resumed["next_part"], parts + 1):
        sent = await client.put(f"{url}/parts/{n}", content=part(n), headers=owner)
        assert sent.status_code == 200, sent.text
    assert (await client.get(url, headers=owner)).json()["next_part"] is None

    # Completing reads the 60 MB twice and stores them without holding them: the peak of
    # what Python allocates meanwhile stays a few read chunks, not the file.
    tracemalloc.start()
    done = await client.post(f"{url}/complete", headers=owner)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert done.status_code == 200, done.text
    assert peak < 16 * MEGABYTE, peak
    stored = done.json()
    assert (stored["size"], stored["sha256"]) == (SIZE, hashlib.sha256(data).hexdigest())
    # Completing again (a double click) answers the same file; no part is taken any more.
    twice = await client.post(f"{url}/complete", headers=owner)
    assert twice.json()["sha256"] == stored["sha256"]
    late = await client.put(f"{url}/parts/1", content=part(1), headers=owner)
    assert (late.status_code, _code(late)) == (409, "upload_completed")

    # Paid by transfer; the licensee downloads the very bytes.
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "CA"})
    staff = await staff_headers(client, container)
    transfer = {"amount_cents": invoice["gross_cents"], "reference": "VIR MASTER"}
    paid = await client.post(
        f"/api/staff/licensing/deals/{deal}/bank-transfer", json=transfer, headers=staff
    )
    assert paid.status_code == 200, paid.text
    link = (await client.post(f"{item}/links", headers=partner)).json()
    download = await client.get(link["url"], headers=partner)
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == stored["sha256"]

    # Downloaded once: no new upload may replace it.
    again = await client.post(f"{item}/uploads", json=body, headers=owner)
    assert (again.status_code, _code(again)) == (409, "deliverable_downloaded")


async def test_an_upload_left_untouched_for_a_week_is_swept_away(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    master = (await client.get(f"{DEALS}/{deal}/deliverables", headers=owner)).json()[0]
    item = f"{DEALS}/{deal}/deliverables/{master['id']}"
    upload = (await client.post(f"{item}/uploads", json={"size": 10}, headers=owner)).json()
    url = f"{item}/uploads/{upload['id']}"
    sent = await client.put(f"{url}/parts/1", content=b"0123456789", headers=owner)
    assert sent.status_code == 200, sent.text
    uploads = container.services.get(DeliverableUploads)
    assert await uploads.sweep() == 0  # touched just now: kept
    assert (await client.get(url, headers=owner)).json()["next_part"] is None
    assert await uploads.sweep(now=time.time() + ABANDONED_AFTER_S + 60) >= 1
    gone = await client.get(url, headers=owner)
    assert (gone.status_code, _code(gone)) == (404, "not_found")
