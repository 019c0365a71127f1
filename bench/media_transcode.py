"""Transcoding benchmark: our pipeline against the same ffmpeg work run bare.

Generates (lavfi, in a temporary folder) a 60 s 1280x720 video with sound and a 180 s stereo
track, then measures in one run:

- pipeline_over_raw: transcode_video + transcode_audio wall time (their jobs two at a time)
  over the very same ffmpeg commands (built by the same functions) run bare with subprocess,
  one after another: no progress parsing, no waveform reading (its PCM goes to /dev/null), no
  publishing.
- ladder_one_over_many: the one-process HLS ladder (decode once, split) over one ffmpeg
  process per rendition (each rung alone, then the audio alone; same encoder settings).

Each measurement is taken `--rounds` times (order alternated) and the fastest kept; CPU time
(this process and its children) is printed beside wall time, as it is less sensitive to other
load on the machine. Prints readable lines, then the last line
`RESULT pipeline_over_raw=<x> ladder_one_over_many=<x>`.
Usage: .venv/bin/python bench/media_transcode.py [--rounds N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from media.transcoding import (
    PreviewWindow,
    commands,
    transcode_audio,
    transcode_video,
)
from media.transcoding.audio import audio_jobs
from media.transcoding.video import video_jobs, video_steps

VIDEO_S = 60.0
AUDIO_S = 180.0
WIDTH, HEIGHT = 1280, 720
PREVIEW = PreviewWindow(10.0, 30.0)


def generate(folder: Path) -> tuple[Path, Path]:
    video, audio = folder / "film.mp4", folder / "album_track.flac"
    quiet = ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"]
    subprocess.run(
        [
            *quiet,
            *("-f", "lavfi", "-i", f"testsrc2=size={WIDTH}x{HEIGHT}:rate=25:duration={VIDEO_S}"),
            *("-f", "lavfi", "-i", f"sine=frequency=440:duration={VIDEO_S}"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p"),
            *("-c:a", "aac", "-b:a", "192k", "-ac", "2", "-shortest", str(video)),
        ],
        check=True,
    )
    subprocess.run(
        [
            *quiet,
            "-filter_complex",
            f"sine=frequency=220:duration={AUDIO_S}[a];"
            f"anoisesrc=duration={AUDIO_S}:color=pink:amplitude=0.2[b];"
            "[a][b]amix=inputs=2,aformat=sample_rates=44100:channel_layouts=stereo",
            str(audio),
        ],
        check=True,
    )
    return video, audio


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


Measure = tuple[float, float]  # (wall seconds, CPU seconds of this process and its children)


def cpu_seconds() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(action: Callable[[], object]) -> Measure:
    wall, cpu = time.perf_counter(), cpu_seconds()
    action()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def run_bare(argvs: Sequence[Sequence[str]]) -> Measure:
    def run() -> None:
        for argv in argvs:
            subprocess.run(
                list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True
            )

    return measure(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lakou-bench-media-") as temporary:
        root = options.keep or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        video, audio = generate(fresh(root / "sources"))
        print(f"sources: {VIDEO_S:g} s {WIDTH}x{HEIGHT} video with sound, {AUDIO_S:g} s stereo")
        print(f"  generated in {time.perf_counter() - started:.1f} s; {os.cpu_count()} cores")
        rungs = commands.plan_ladder(WIDTH, HEIGHT)

        def pipeline() -> Measure:
            out = fresh(root / "pipeline")
            return measure(
                lambda: (
                    transcode_video(
                        video,
                        out / "video",
                        duration_s=VIDEO_S,
                        source_width=WIDTH,
                        source_height=HEIGHT,
                        has_audio=True,
                        preview=PREVIEW,
                    ),
                    transcode_audio(
                        audio, out / "audio", duration_s=AUDIO_S, lossless=True, preview=PREVIEW
                    ),
                )
            )

        def raw() -> tuple[Measure, Measure]:
            """(every command the pipeline runs, bare and one after another; the bare
            one-process ladder alone)."""
            out = fresh(root / "raw")
            video_options: dict[str, Any] = {
                "duration_s": VIDEO_S,
                "source_width": WIDTH,
                "source_height": HEIGHT,
                "has_audio": True,
                "preview": PREVIEW,
            }
            ladder = run_bare([video_steps(video, fresh(out / "one"), **video_options)[0].argv])
            argvs = [
                step.argv
                for job in video_jobs(video, **video_options)
                for step in job.steps(fresh(out / "video" / job.name))
            ]
            argvs += [
                step.argv
                for job in audio_jobs(audio, duration_s=AUDIO_S, lossless=True, preview=PREVIEW)
                for step in job.steps(fresh(out / "audio" / job.name))
            ]
            return run_bare(argvs), ladder

        def many() -> Measure:
            out = fresh(root / "many")
            argvs = [
                commands.video_ladder_command(
                    video, fresh(out / rung.name), rungs=[rung], has_audio=False
                )
                for rung in rungs
            ]
            argvs.append(
                commands.video_ladder_command(video, fresh(out / "audio"), rungs=[], has_audio=True)
            )
            return run_bare(argvs)

        taken: dict[str, list[Measure]] = {"pipeline": [], "raw": [], "one": [], "many": []}
        for round_number in range(options.rounds):
            order = ["raw", "pipeline", "many"]
            if round_number % 2:
                order.reverse()
            for name in order:
                if name == "pipeline":
                    taken["pipeline"].append(pipeline())
                elif name == "raw":
                    total, ladder = raw()
                    taken["raw"].append(total)
                    taken["one"].append(ladder)
                else:
                    taken["many"].append(many())
            print(
                f"round {round_number + 1}: "
                + ", ".join(f"{name} {runs[-1][0]:.1f} s" for name, runs in taken.items())
            )
        best = {name: min(runs) for name, runs in taken.items()}  # fastest wall time
        labels = {
            "pipeline": "pipeline (transcode_video + transcode_audio)",
            "raw": "the same ffmpeg commands run bare",
            "one": f"ladder ({', '.join(r.name for r in rungs)} + audio), one process",
            "many": "ladder, one process per rendition",
        }
        for name, label in labels.items():
            wall, cpu = best[name]
            print(f"{label:<48} {wall:7.2f} s wall {cpu:7.2f} s CPU")
        pipeline_over_raw = best["pipeline"][0] / best["raw"][0]
        ladder_one_over_many = best["one"][0] / best["many"][0]
        print(
            "CPU-time ratios (less sensitive to other load): "
            f"pipeline/raw {best['pipeline'][1] / best['raw'][1]:.3f}, "
            f"ladder one/many {best['one'][1] / best['many'][1]:.3f}"
        )
        print(
            f"RESULT pipeline_over_raw={pipeline_over_raw:.3f} "
            f"ladder_one_over_many={ladder_one_over_many:.3f}"
        )


if __name__ == "__main__":
    main()
