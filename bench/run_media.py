"""`make bench-media`: the transcoding ratios, the upload memory and how soon a track plays.

Runs `bench/media_transcode.py`, `bench/upload_memory.py`, `bench/playable_sooner.py` and
`bench/rendition_publish.py`, shows their output, and prints the combined last line
`RESULT pipeline_over_raw=<x> ladder_one_over_many=<x> upload_peak_mb=<x>
preview_over_bare_preview=<x> stream_over_bare_hls=<x> all_outputs_over_sequential=<x>
publish_side_by_side_over_one_by_one=<x>`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def run(script: str) -> dict[str, str]:
    # As a module from the project's folder: the benchmarks import `bench.*` (run as a plain
    # script, `python bench/playable_sooner.py` finds no `bench` package).
    completed = subprocess.run(
        [sys.executable, "-m", f"bench.{Path(script).stem}"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    print(completed.stdout, end="")
    last = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")][-1]
    return dict(part.split("=", 1) for part in last.split()[1:])


def main() -> None:
    figures = run("media_transcode.py") | run("upload_memory.py") | run("playable_sooner.py")
    figures |= run("rendition_publish.py")
    keys = (
        "pipeline_over_raw",
        "ladder_one_over_many",
        "upload_peak_mb",
        "preview_over_bare_preview",
        "stream_over_bare_hls",
        "all_outputs_over_sequential",
        "publish_side_by_side_over_one_by_one",
    )
    print("RESULT " + " ".join(f"{key}={figures[key]}" for key in keys))


if __name__ == "__main__":
    main()
