"""Images (covers, photographs, visual arts): WebP and JPEG per width, one ffmpeg process.

Each requested width is capped at the source's width (never upscaled; widths that collapse to
the same size are made once); the height keeps the aspect ratio. Metadata (EXIF, GPS, comments)
is not carried over. Outputs: `images/<stem>_<width>.webp` and `.jpg`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from media.transcoding import commands
from media.transcoding.outputs import RenditionFile, TranscodeFailed
from media.transcoding.runner import Deadline, run_ffmpeg, run_ffprobe
from media.transcoding.workspace import Workspace

STEM = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def plan_sizes(
    widths: Sequence[int], source_width: int, source_height: int
) -> list[tuple[int, int]]:
    if source_width <= 0 or source_height <= 0:
        raise TranscodeFailed(f"bad image size {source_width}x{source_height}")
    sizes: dict[int, int] = {}
    for requested in sorted(set(widths)):
        if requested <= 0:
            raise ValueError(f"bad derivative width {requested}")
        width = min(requested, source_width)
        sizes[width] = max(1, round(source_height * width / source_width))
    return sorted(sizes.items())


def probe_size(src: Path, *, timeout_s: float) -> tuple[int, int]:
    found = run_ffprobe(src, "stream=width,height", timeout_s=timeout_s).get("streams") or [{}]
    width, height = found[0].get("width"), found[0].get("height")
    if not isinstance(width, int) or not isinstance(height, int):
        raise TranscodeFailed(f"{src.name}: not an image ffmpeg can read")
    return width, height


def make_image_derivatives(
    src: Path,
    out: Path,
    *,
    widths: Sequence[int] = (320, 640, 1280),
    timeout_s: float = 120,
    stem: str = "cover",
) -> list[RenditionFile]:
    if not STEM.fullmatch(stem):
        raise ValueError(f"bad file stem {stem!r}")
    deadline = Deadline(timeout_s)
    try:
        width, height = probe_size(src, timeout_s=deadline.remaining())
        sizes = plan_sizes(widths, width, height)
        with Workspace(out) as workspace:
            (workspace.path / "images").mkdir()
            argv = commands.image_command(src, workspace.path, sizes=sizes, stem=stem)
            run_ffmpeg(argv, timeout_s=deadline.remaining(), duration_s=None, on_progress=None)
            files = workspace.files()
            if len(files) != 2 * len(sizes):
                raise TranscodeFailed(f"{src.name}: ffmpeg wrote no image")
            return workspace.publish(replaces=[f"images/{stem}_*"])
    except OSError as exc:
        raise TranscodeFailed.from_os_error(exc, "writing image derivatives") from exc
