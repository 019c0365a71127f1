"""What the benchmarks share: settings for a temporary folder, and running one there."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from infra.settings import Settings


def bench_settings(folder: Path, **extra: str) -> Settings:
    """Test settings in `folder`: SQLite there unless `LAKOU_BENCH_DATABASE_URL` names one."""
    return Settings.from_env(
        {
            "LAKOU_ENV": "test",
            "LAKOU_VAR_DIR": str(folder / "var"),
            "LAKOU_SECRET_KEY": "bench-secret-key-" + "x" * 32,
            "LAKOU_DATABASE_URL": os.environ.get("LAKOU_BENCH_DATABASE_URL")
            or f"sqlite:///{folder / 'bench.sqlite3'}",
            **extra,
        }
    )


def run_in_temporary_folder(prefix: str, run: Callable[[Settings], Awaitable[str]]) -> None:
    """Runs `run` on fresh settings, prints its RESULT line, removes the folder after."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        print(asyncio.run(run(bench_settings(folder))))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
