"""A private folder inside the output folder, published file by file with the master last.

ffmpeg writes into `<out>/.transcode-<pid>-<random>/`; nothing under `<out>` proper changes until
the whole job succeeded. Publishing removes the old master, then what a previous run of the same
job published and this one replaces, renames each file into place (same filesystem, so each
rename is atomic) and moves the HLS master playlist last: a player (or an uploader walking the folder)
never sees a master pointing at missing or mixed renditions. A failed or killed job only ever
leaves its private folder, which the next job in the same output folder removes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from media.transcoding.outputs import RenditionFile, describe

PREFIX = ".transcode-"


class Workspace:
    def __init__(self, out: Path) -> None:
        self.out = out
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            raise RuntimeError("the workspace is only usable inside its `with` block")
        return self._path

    def __enter__(self) -> Workspace:
        if "%" in os.fspath(self.out):
            # ffmpeg's HLS and image muxers read % in file names as a pattern.
            raise ValueError(f"output folder names cannot contain '%': {self.out}")
        self.out.mkdir(parents=True, exist_ok=True)
        remove_abandoned(self.out)
        self._path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=self.out))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            self._path = None

    def files(self) -> list[RenditionFile]:
        """Everything written so far that is ours to publish, in publishing order."""
        found = []
        for path in self.path.rglob("*"):
            if path.is_file():
                described = describe(path.relative_to(self.path).as_posix())
                if described is not None:
                    found.append(described)
        return publishing_order(found)

    def publish(self, *, replaces: Sequence[str] = ()) -> list[RenditionFile]:
        """Move every file into `out`, the HLS master last; returns them in that order.

        `replaces` are glob patterns (relative to `out`) of what a previous run of the same job
        published and this run supersedes, e.g. "hls" or "images/cover_*": they are removed
        first (after the old master), so a re-run leaves one result, not a mix of two.
        """
        files = self.files()
        # Unpublish the old master first: from here on no player starts on a half-replaced set.
        for master in (f for f in files if f.role == "hls_master"):
            (self.out / master.relative_path).unlink(missing_ok=True)
        for pattern in replaces:
            for stale in self.out.glob(pattern):
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale)
                else:
                    stale.unlink(missing_ok=True)
        for item in files:
            target = self.out / item.relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path / item.relative_path, target)
        return files


def publishing_order(files: list[RenditionFile]) -> list[RenditionFile]:
    """Playlists after their segments, the master after everything (upload in this order too)."""
    rank = {"hls_segment": 0, "hls_playlist": 1, "hls_master": 3}
    return sorted(files, key=lambda f: (rank.get(f.role, 2), f.relative_path))


def remove_abandoned(out: Path, prefix: str = PREFIX) -> None:
    """Remove the folders `<prefix><pid>-…` left by jobs whose process is gone (a killed
    worker)."""
    for entry in out.glob(f"{prefix}*"):
        pid_text = entry.name.removeprefix(prefix).partition("-")[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            shutil.rmtree(entry)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
