"""A worker killed with kill -9 in the middle of a transcode, on the production layout.

The asset still ends ready, from a second worker, and nothing is left behind: not the killed
job's staging folder, not its transcoding workspace, not a rendition stored under a prefix the
asset does not point at. Dramatiq hands the dead worker's message back once its heartbeat is
`workers.broker.HEARTBEAT_TIMEOUT_MS` old; the next job removes what the dead one left.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from lakou.adapters import make_storage
from lakou.bootstrap import Container
from media.assets.tables import MediaAssetRow
from tests.books import wait_until_books_balance
from tests.dedicated_redis import LakouProcess, RedisServer, dedicated_redis, process_env
from tests.fault_purchases import work_on_sale
from tests.helpers import create_creator, create_work, pay_with_test_payment, sign_up_and_log_in

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]
__all__ = ["dedicated_redis"]


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clip whose transcode lasts long enough to be caught in the middle."""
    path = tmp_path_factory.mktemp("killed") / "long.mp4"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=12"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=12"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            *("-c:a", "aac", "-shortest", str(path)),
        ],
        check=True,
    )
    return path


async def _upload(
    client: AsyncTestClient, headers: dict[str, str], work_id: str, path: Path
) -> UUID:
    data = path.read_bytes()
    begin = await client.post(
        f"/api/works/{work_id}/uploads",
        json={"kind": "video", "filename": path.name, "size": len(data)},
        headers=headers,
    )
    assert begin.status_code == 201, begin.text
    upload = begin.json()
    size = upload["part_size"]
    for number in range(1, upload["parts"] + 1):
        part = data[(number - 1) * size : number * size]
        sent = await client.put(
            f"/api/uploads/{upload['id']}/parts/{number}", content=part, headers=headers
        )
        assert sent.status_code == 200, sent.text
    done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=headers)
    assert done.status_code == 200, done.text
    return UUID(upload["id"])


async def _until(check: Callable[[], Awaitable[bool]], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


async def _status(asset_id: UUID) -> str:
    row = await MediaAssetRow.select(MediaAssetRow.status).where(MediaAssetRow.id == asset_id)
    return str(row[0]["status"])


def _job_folders(staging: Path) -> list[Path]:
    return sorted(staging.glob("job-*")) if staging.is_dir() else []


async def test_a_worker_killed_mid_transcode_leaves_the_asset_ready_and_nothing_behind(
    client: AsyncTestClient,
    container: Container,
    dedicated_redis: RedisServer,
    long_clip: Path,
    tmp_path: Path,
) -> None:
    settings = container.settings
    staging = settings.media.staging_dir
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    asset_id = await _upload(client, seller, work["id"], long_clip)
    offer_id = await work_on_sale(client)
    buyer = await sign_up_and_log_in(client, role="audience")

    env = process_env(settings, dedicated_redis.url, settings.var_dir)
    relay = LakouProcess("relay", env, tmp_path / "relay.log")
    first = LakouProcess("worker", env, tmp_path / "worker-1.log")
    second: LakouProcess | None = None
    try:

        async def transcoding() -> bool:
            return await _status(asset_id) == "processing" and bool(_job_folders(staging))

        await _until(transcoding, 120, "the first worker to start transcoding")
        # A payment whose settlement the first worker may be holding when it dies.
        await pay_with_test_payment(client, buyer, offer_id)
        first.kill()
        abandoned = _job_folders(staging)
        assert abandoned, "the killed job left its staging folder (what the next job removes)"
        assert await _status(asset_id) == "processing"

        second = LakouProcess("worker", env, tmp_path / "worker-2.log")

        async def ready() -> bool:
            return await _status(asset_id) == "ready"

        await _until(ready, 240, "the second worker to finish the transcode")
        await wait_until_books_balance(container.engine, settings.payment.commission_bp)
    finally:
        for process in (relay, first, second):
            if process is not None:
                process.stop()

    assert _job_folders(staging) == []
    assert not list(staging.rglob(".transcode-*"))
    row = (
        await MediaAssetRow.select(MediaAssetRow.renditions_prefix).where(
            MediaAssetRow.id == asset_id
        )
    )[0]
    prefix = str(row["renditions_prefix"])
    stored = list(make_storage(settings).keys(f"renditions/{asset_id.hex}/"))
    assert stored, "the renditions are stored"
    assert [key for key in stored if not key.startswith(f"{prefix}/")] == []
