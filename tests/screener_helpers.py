"""Helpers for the screeners tests: a work with ready media (renditions written to the real
storage, no transcoding: the screeners serve what media made) and, unless told otherwise, its
marked A/B copies prepared by the real `MarkedPreparation` from a short generated film (lavfi,
made once per test process); screeners and their views."""

from __future__ import annotations

import io
import secrets
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from infra.ids import new_id
from lakou.bootstrap import Container
from media.assets.domain import AssetRole, AssetStatus, MediaAsset
from media.assets.repository import AssetRepository
from media.kinds import MediaKind
from media.watermark.preparation import MarkedPreparation
from media.watermark.service import MarkedCopies
from tests.helpers import create_creator, create_work
from tests.meeting_helpers import user_id

MASTER = (
    "#EXTM3U\n#EXT-X-VERSION:7\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=2400000,RESOLUTION=1280x720\n720p/index.m3u8\n"
)
VARIANT = (
    '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init.mp4"\n'
    "#EXTINF:2.0,\nseg_00000.m4s\n#EXT-X-ENDLIST\n"
)
DURATION_S = 600.0
FILM_S = 4  # the marked copy's source: long enough for two 2-second segments


@cache
def book_pdf() -> bytes:
    """A real one-page PDF (the marked copy stamps it per reader)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def short_film() -> bytes:
    """A 720p film of a few seconds with sound, so the marked ladder has 360p, 540p and 720p."""
    with tempfile.TemporaryDirectory(prefix="screener-film-") as folder:
        dest = Path(folder) / "film.mp4"
        subprocess.run(
            [
                *("ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"),
                *("-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=10:duration={FILM_S}"),
                *("-f", "lavfi", "-i", f"sine=frequency=330:duration={FILM_S}"),
                *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
                *("-c:a", "aac", "-shortest", str(dest)),
            ],
            check=True,
            timeout=120,
        )
        return dest.read_bytes()


async def prepare_marked(container: Container, asset_id: UUID) -> None:
    """What the `media.prepare_marked` actor does with the request's id, run here directly."""
    await container.services.get(MarkedCopies).prepare(asset_id)
    state = await container.services.get(MarkedPreparation).prepare(asset_id)
    assert state == "ready", state


def _put(container: Container, key: str, content: bytes, content_type: str) -> None:
    container.storage.put(key, iter([content]), content_type)


async def work_with_media(
    client: AsyncTestClient,
    container: Container,
    owner: dict[str, str],
    kind: str = "video",
    status: AssetStatus = AssetStatus.READY,
    discipline: str = "film",
    creator_id: str | None = None,
    marked: bool = True,
    film: tuple[bytes, int, int] | None = None,
) -> str:
    """A new work of the owner's with its main media in `status` (ready: HLS rungs 360p and
        720p, or a PDF for a book): the work's id. With `marked`, its marked copies are ready (as
        if an earlier screener of the work had them prepared). `film` is another original (its bytes,
    width and height) than the short generated one."""
    if creator_id is None:
        creator_id = (await create_creator(client, owner))["id"]
    work = await create_work(client, owner, creator_id, discipline=discipline)
    asset_id = new_id()
    prefix = f"renditions/{asset_id.hex}/{new_id().hex}"
    original = f"uploads/{asset_id.hex}/original"
    manifest: list[dict[str, Any]] = []
    if kind == "book":
        _put(container, original, book_pdf(), "application/pdf")
        manifest.append({"role": "download", "key": original, "content_type": "application/pdf"})
    else:
        _put(container, original, film[0] if film else short_film(), "video/mp4")
        _put(
            container, f"{prefix}/hls/master.m3u8", MASTER.encode(), "application/vnd.apple.mpegurl"
        )
        manifest.append(
            {
                "role": "hls_master",
                "path": "hls/master.m3u8",
                "key": f"{prefix}/hls/master.m3u8",
                "content_type": "application/vnd.apple.mpegurl",
                "label": None,
            }
        )
        for rung in ("360p", "720p"):
            path = f"hls/{rung}/index.m3u8"
            _put(container, f"{prefix}/{path}", VARIANT.encode(), "application/vnd.apple.mpegurl")
            _put(container, f"{prefix}/hls/{rung}/seg_00000.m4s", b"\x00" * 64, "video/mp4")
            manifest.append(
                {
                    "role": "hls_playlist",
                    "path": path,
                    "key": f"{prefix}/{path}",
                    "content_type": "application/vnd.apple.mpegurl",
                    "label": rung,
                }
            )
            manifest.append(
                {
                    "role": "hls_segment",
                    "path": f"hls/{rung}/seg_00000.m4s",
                    "key": f"{prefix}/hls/{rung}/seg_00000.m4s",
                    "content_type": "video/mp4",
                    "label": rung,
                }
            )
    now = datetime.now(UTC)
    asset = MediaAsset(
        id=asset_id,
        work_id=UUID(work["id"]),
        owner_id=await user_id(client, owner),
        kind=MediaKind(kind),
        role=AssetRole.MAIN,
        language=None,
        original_name=f"oeuvre.{'pdf' if kind == 'book' else 'mp4'}",
        original_key=original,
        declared_size=1000,
        part_size=1000,
        status=status,
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(days=1),
        # The declared length is the reports' (completion); the marks are made of the file.
        facts={"duration_s": 0}
        if kind == "book"
        else {
            "duration_s": DURATION_S,
            "width": film[1] if film else 1280,
            "height": film[2] if film else 720,
            "audio_codec": "aac",
        },
        renditions_prefix=prefix if status is AssetStatus.READY else None,
        manifest=manifest if status is AssetStatus.READY else [],
        content_type="application/pdf" if kind == "book" else "video/mp4",
    )
    await AssetRepository().add(asset)
    if marked and status is AssetStatus.READY:
        await prepare_marked(container, asset_id)
    return str(work["id"])


def screener_body(work_id: str, *emails: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "work_id": work_id,
        "closes_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        "audiences": [{"kind": "people", "emails": list(emails)}],
    }
    body.update(extra)
    return body


async def email_of(client: AsyncTestClient, headers: dict[str, str]) -> str:
    return str((await client.get("/api/auth/me", headers=headers)).json()["email"])


async def make_screener(
    client: AsyncTestClient,
    owner: dict[str, str],
    work_id: str,
    *viewers: dict[str, str],
    **extra: Any,
) -> dict[str, Any]:
    emails = [await email_of(client, viewer) for viewer in viewers]
    made = await client.post(
        "/api/screeners", json=screener_body(work_id, *emails, **extra), headers=owner
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


async def invitation_of(client: AsyncTestClient, viewer: dict[str, str], screener_id: str) -> str:
    listed = (await client.get("/api/screeners/invited", headers=viewer)).json()
    return next(item["invitation_id"] for item in listed if item["screener"]["id"] == screener_id)


def browser_key() -> str:
    return secrets.token_hex(16)


async def open_view(
    client: AsyncTestClient,
    viewer: dict[str, str],
    invitation_id: str,
    browser: str | None = None,
    **extra: Any,
) -> Any:
    return await client.post(
        f"/api/screeners/invitations/{invitation_id}/open",
        json={"browser": browser or browser_key(), **extra},
        headers=viewer,
    )


def code(response: Any) -> str:
    return str(response.json()["error"]["code"])
