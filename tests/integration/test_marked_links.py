"""Marked copies' links and contract on a tiny film: signatures bind every URL to its holder,
segment and variant; nothing is served before the renditions are ready or to an uninvited
holder; bad files given to the tracer get a clear answer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import pytest
from click.testing import CliRunner
from litestar.testing import AsyncTestClient

from infra.errors import Conflict, NotFound
from lakou.bootstrap import Container
from media.kinds import MediaKind
from media.watermark.cli import trace
from media.watermark.preparation import MarkedPreparation
from media.watermark.service import MarkedCopies
from tests.watermark_helpers import ffmpeg, ready_asset, rendition_url

HOUR = timedelta(hours=1)


@pytest.fixture(scope="module")
def tiny_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("tiny") / "tiny.mp4"
    ffmpeg(
        *("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=10:duration=6"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(dest)),
    )
    return dest


async def _ready(container: Container, film: Path) -> tuple[MarkedCopies, UUID]:
    facts = {"width": 320, "height": 180, "duration_s": 6}
    asset_id = await ready_asset(container, film, MediaKind.VIDEO, facts)
    copies = container.services.get(MarkedCopies)
    await copies.issue(asset_id, "ana")
    await copies.issue(asset_id, "bob")
    await copies.prepare(asset_id)
    assert await container.services.get(MarkedPreparation).prepare(asset_id) == "ready"
    return copies, asset_id


def _with(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return parts.path + "?" + "&".join(f"{key}={value}" for key, value in query.items())


async def test_links_serve_only_the_holders_own_sequence(
    container: Container, client: AsyncTestClient[Any], tiny_film: Path
) -> None:
    copies, asset_id = await _ready(container, tiny_film)
    expires = datetime.now(UTC) + HOUR
    ana = await client.get(
        rendition_url(await copies.master_playlist(asset_id, "ana", expires), "180p")
    )
    bob = await client.get(
        rendition_url(await copies.master_playlist(asset_id, "bob", expires), "180p")
    )
    assert ana.status_code == bob.status_code == 200
    ana_segments = [line for line in ana.text.splitlines() if ".m4s" in line]
    assert len(ana_segments) == 3  # 6 s in 2-second segments
    segment = ana_segments[0]
    assert (await client.get(segment)).status_code == 200

    # Bob replaying Ana's URL under his name, or asking for the other variant: refused.
    other = "B" if "0A.m4s" in segment else "A"
    for forged in (
        _with(segment, h="bob"),
        segment.replace("/0A.m4s", f"/0{other}.m4s").replace("/0B.m4s", f"/0{other}.m4s"),
        _with(segment, e=str(int(expires.timestamp()) + 3600)),
    ):
        refused = await client.get(forged)
        assert refused.status_code == 403, forged
        assert refused.json()["error"]["code"] == "invalid_link"
    expired = await copies.master_playlist(asset_id, "ana", datetime.now(UTC) - HOUR)
    gone = await client.get(rendition_url(expired, "180p"))
    assert gone.status_code == 403
    assert "expiré" in gone.json()["error"]["message"]


async def test_the_contract_refuses_what_is_not_there(
    container: Container, tiny_film: Path, tmp_path: Path
) -> None:
    facts = {"width": 320, "height": 180, "duration_s": 6}
    asset_id = await ready_asset(container, tiny_film, MediaKind.VIDEO, facts)
    copies = container.services.get(MarkedCopies)
    await copies.issue(asset_id, "ana")
    with pytest.raises(Conflict):  # not prepared yet
        await copies.master_playlist(asset_id, "ana", datetime.now(UTC) + HOUR)
    await copies.prepare(asset_id)
    await container.services.get(MarkedPreparation).prepare(asset_id)
    with pytest.raises(NotFound):  # never invited
        await copies.master_playlist(asset_id, "zoe", datetime.now(UTC) + HOUR)
    with pytest.raises(NotFound):
        await copies.issue(asset_id.__class__(int=1), "ana")

    # The tracer: another film is no Lakou work, a text without a stamp names no one; a
    # truncated film cannot be read; each says so.
    foreign = tmp_path / "foreign.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x180:rate=25:duration=8", str(foreign))
    result = await asyncio.to_thread(
        CliRunner().invoke, trace, [str(foreign)], obj=container.services
    )
    assert result.exit_code == 0
    assert result.output.startswith("no match (video")
    text = tmp_path / "notes.txt"
    text.write_text("not a film")
    result = await asyncio.to_thread(CliRunner().invoke, trace, [str(text)], obj=container.services)
    assert result.exit_code == 0
    assert result.output.startswith("no match (text")
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes(tiny_film.read_bytes()[:2000])
    for bad in (truncated,):
        result = await asyncio.to_thread(
            CliRunner().invoke, trace, [str(bad)], obj=container.services
        )
        assert result.exit_code == 1
        assert "no match: " in result.output
