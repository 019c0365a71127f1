"""Transcoding benchmark: our pipeline against the same ffmpeg work run bare.

Generates (lavfi, in a temporary folder) a 60 s 1280x720 video with sound and a 180 s stereo
track, then measures in one run:

- pipeline_over_raw: transcode_video + transcode_audio wall time over the very same ffmpeg
  commands (built by the same functions) run bare with subprocess: no progress parsing, no
  waveform reading (its PCM goes to /dev/null), no publishing.
- ladder_one_over_many: the one-process HLS ladder (decode once, split) over one ffmpeg
  process per rendition (each rung alone, then the audio alone; same encoder settings).

Each measurement is taken `--rounds` times (order alternated) and the fastest kept. Prints
readable lines, then the last line `RESULT pipeline_over_raw=<x> ladder_one_over_many=<x>`.
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

from media.transcoding import PreviewWindow, commands, transcode_audio, transcode_video
from media.transcoding.audio import audio_command
from media.transcoding.video import video_steps

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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lakou-bench-media-") as temporary:
        root = options.keep or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        video, audio = generate(fresh(root / "sources"))
        print(f"sources: {VIDEO_S:g} s {WIDTH}x{HEIGHT} video with sound, {AUDIO_S:g} s stereo")
        print(f"  generated in {time.perf_counter() - started:.1f} s (cores: {os.cpu_count()})")

        def pipeline() -> float:
            out = fresh(root / "pipeline")
            return timed(
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

        def raw() -> tuple[float, float]:
            """(all bare commands, the bare ladder alone)."""
            out = fresh(root / "raw")
            steps = video_steps(
                video,
                fresh(out / "video"),
                duration_s=VIDEO_S,
                source_width=WIDTH,
                source_height=HEIGHT,
                has_audio=True,
                preview=PREVIEW,
            )
            ladder = run_bare([steps[0].argv])
            rest = run_bare([step.argv for step in steps[1:]])
            argv = audio_command(
                audio, fresh(out / "audio"), duration_s=AUDIO_S, lossless=True, preview=PREVIEW
            )
            return ladder + rest + run_bare([argv]), ladder

        def many() -> float:
            out = fresh(root / "many")
            rungs = commands.plan_ladder(WIDTH, HEIGHT)
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

        pipeline_times, raw_times, ladder_times, many_times = [], [], [], []
        for round_number in range(options.rounds):
            order = ["raw", "pipeline", "many"]
            if round_number % 2:
                order.reverse()
            for name in order:
                if name == "pipeline":
                    pipeline_times.append(pipeline())
                elif name == "raw":
                    total, ladder = raw()
                    raw_times.append(total)
                    ladder_times.append(ladder)
                else:
                    many_times.append(many())
            print(
                f"round {round_number + 1}: pipeline {pipeline_times[-1]:.2f} s, "
                f"bare commands {raw_times[-1]:.2f} s (ladder {ladder_times[-1]:.2f} s), "
                f"one process per rendition {many_times[-1]:.2f} s"
            )
        rungs = ", ".join(rung.name for rung in commands.plan_ladder(WIDTH, HEIGHT))
        best = {
            "pipeline": min(pipeline_times),
            "raw": min(raw_times),
            "one": min(ladder_times),
            "many": min(many_times),
        }
        pipeline_over_raw = best["pipeline"] / best["raw"]
        ladder_one_over_many = best["one"] / best["many"]
        print(f"pipeline (transcode_video + transcode_audio): {best['pipeline']:.2f} s")
        print(f"same ffmpeg commands run bare:                 {best['raw']:.2f} s")
        print(f"ladder ({rungs} + audio) in one process:       {best['one']:.2f} s")
        print(f"ladder as one process per rendition:           {best['many']:.2f} s")
        print(
            f"RESULT pipeline_over_raw={pipeline_over_raw:.3f} ladder_one_over_many={ladder_one_over_many:.3f}"
        )


if __name__ == "__main__":
    main()
