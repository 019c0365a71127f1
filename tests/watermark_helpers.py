"""Helpers for the marked-copies tests: generated media, a ready asset, a holder's recording."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from infra.ids import new_id
from lakou.bootstrap import Container
from media.assets.domain import AssetRole, AssetStatus, MediaAsset
from media.assets.repository import AssetRepository
from media.kinds import MediaKind
from media.watermark.service import MarkedCopies


def ffmpeg(*args: str, timeout: float = 600) -> None:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error", *args],
        check=True,
        timeout=timeout,
    )


def make_film(dest: Path, seconds: int, *, fps: float = 12.5, size: str = "960x540") -> Path:
    """A test film with sound, 540p unless told (a moving test pattern: every instant looks
    different)."""
    ffmpeg(
        *("-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}:duration={seconds}"),
        *("-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-shortest", str(dest)),
    )
    return dest


def make_song(dest: Path, seconds: int) -> Path:
    """Music-like sound: a melody of changing notes over pink noise that swells and fades."""
    melody = "0.3*sin(2*PI*t*(220+110*mod(floor(t*3)*7,12)/4))"
    swell = "(0.6+0.4*sin(2*PI*t/5))"
    ffmpeg(
        *("-f", "lavfi", "-i", f"aevalsrc='{melody}':s=44100:d={seconds}"),
        *("-f", "lavfi", "-i", f"anoisesrc=c=pink:a=0.2:d={seconds}:r=44100:s=7"),
        "-filter_complex",
        f"[1:a]volume='{swell}':eval=frame[noise];[0:a][noise]amix=inputs=2:normalize=0[out]",
        *("-map", "[out]", "-c:a", "flac", str(dest)),
    )
    return dest


async def ready_asset(
    container: Container, source: Path, kind: MediaKind, facts: dict[str, Any]
) -> UUID:
    """An asset already through the safety gate and the ladder, its original in storage."""
    asset_id = new_id()
    key = f"originals/{asset_id.hex}"
    with source.open("rb") as data:
        container.storage.put(
            key, iter(lambda: data.read(1 << 20), b""), "application/octet-stream"
        )
    now = datetime.now(UTC)
    asset = MediaAsset(
        id=asset_id,
        work_id=new_id(),
        owner_id=new_id(),
        kind=kind,
        role=AssetRole.MAIN,
        language=None,
        original_name=source.name,
        original_key=key,
        declared_size=source.stat().st_size,
        part_size=8 << 20,
        status=AssetStatus.READY,
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(days=1),
        facts=facts,
    )
    await AssetRepository().add(asset)  # past the upload and the ladder: not what is tested
    return asset_id


def rendition_url(master: str, name: str) -> str:
    """The signed URL of one rendition's media playlist in a holder's master playlist."""
    for line in master.splitlines():
        if f"/{name}/index.m3u8" in line:
            found = re.search(r'URI="([^"]+)"', line)
            return found.group(1) if found else line.strip()
    raise AssertionError(f"no {name} rendition in {master}")


async def record(
    client: AsyncTestClient[Any],
    copies: MarkedCopies,
    asset_id: UUID,
    holder: str,
    name: str,
    dest: Path,
) -> Path:
    """What a holder's player fetches of one rendition, through the API, end to end."""
    master = await copies.master_playlist(asset_id, holder, datetime.now(UTC) + timedelta(hours=1))
    playlist = await client.get(rendition_url(master, name))
    assert playlist.status_code == 200, playlist.text
    init = re.search(r'URI="([^"]+)"', playlist.text)
    assert init is not None
    urls = [init.group(1)] + [
        line for line in playlist.text.splitlines() if line and not line.startswith("#")
    ]
    with dest.open("wb") as out:
        for url in urls:
            response = await client.get(url)
            assert response.status_code == 200, (url, response.text)
            out.write(response.content)
    return dest


def leak(recording: Path, dest: Path, *, start_s: float, length_s: float, video: bool) -> Path:
    """The attack: first `start_s` removed, cut to `length_s`, re-encoded at half the bit rate."""
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=bit_rate",
            "-of",
            "csv=p=0",
            str(recording),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    half = max(16_000, int(float(probe.stdout.strip() or 0) / 2))
    codec = (
        ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", str(half), "-an"]
        if video
        else ["-c:a", "aac", "-b:a", str(half), "-vn"]
    )
    ffmpeg("-ss", f"{start_s}", "-i", str(recording), "-t", f"{length_s}", *codec, str(dest))
    return dest
