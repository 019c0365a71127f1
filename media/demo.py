"""Generated media for the demo catalogue (ffmpeg's lavfi sources: nothing shipped as binary)."""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID

from accounts.domain import Principal
from media.assets.domain import AssetRole
from media.kinds import MediaKind
from media.uploads.service import UploadRequest, UploadService

_LAVFI = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"]

# A drum-like pulse under a melody: enough to hear that the player works.
_AUDIO = [
    *_LAVFI,
    "-i",
    "aevalsrc=0.4*sin(2*PI*220*t)*exp(-3*mod(t\\,0.5))+0.2*sin(2*PI*330*t):s=44100:d=20",
    "-ac",
    "2",
    "-c:a",
    "flac",
]
_VIDEO = [
    *_LAVFI,
    "-i",
    "testsrc2=size=640x360:rate=25:duration=8",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=330:duration=8",
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
]
_IMAGE = [*_LAVFI, "-i", "mandelbrot=size=1280x853:end_pts=1", "-frames:v", "1"]

DEMO_MEDIA: dict[str, tuple[MediaKind, list[str], str]] = {
    "music": (MediaKind.AUDIO, _AUDIO, "demo.flac"),
    "animation": (MediaKind.VIDEO, _VIDEO, "demo.mp4"),
    "film": (MediaKind.VIDEO, _VIDEO, "demo.mp4"),
    "crafts": (MediaKind.IMAGE, _IMAGE, "demo.png"),
}


async def _read(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            yield chunk


async def attach_demo_media(
    uploads: UploadService, who: Principal, work_id: UUID, discipline: str
) -> bool:
    """Generate and upload a small file for a demo work; the worker makes it playable."""
    if discipline not in DEMO_MEDIA:
        return False
    kind, command, name = DEMO_MEDIA[discipline]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        await asyncio.to_thread(subprocess.run, [*command, str(path)], check=True, timeout=60)
        state = await uploads.begin(
            who, work_id, UploadRequest(kind, AssetRole.MAIN, name, path.stat().st_size)
        )
        await uploads.put_content(who, state.asset.id, _read(path))
    return True
