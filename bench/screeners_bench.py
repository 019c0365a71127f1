"""Screeners benchmark: A/B marked renditions against the normal ladder, the mark's visibility,
and tracing leaked copies of a 10-minute 540p film.

In one run, on films generated with lavfi in a temporary folder:

- ab_over_ladder: the marked command (both variants of every rung, plus the tracer's
  reference, one ffmpeg process) over the normal ladder command with the same rungs, run
  bare; CPU time of the ffmpeg processes (less sensitive than wall time to the other jobs of
  this shared machine), best of `--rounds`, on a 60 s 540p film.
- psnr_db: the mark's visibility, PSNR (luma) of variant A and of variant B against the
  unmarked picture at the 540p rung, inside ffmpeg before encoding (the lower of the two).
  Encoded against encoded is printed beside it: there the codec's own noise dominates.
- trace_accuracy, false_matches, trace_s: `--holders` holders get codewords on a 10-minute
  540p film; each one's 540p stream is assembled from its A/B sequence, then re-encoded at
  half its bit rate with its first 20 s removed and cut to 60 % of the film; the unmarked film
  goes through the same attack. Accuracy is the fraction of leaks traced to their holder,
  false_matches the copies traced to anyone else (the unmarked one included), trace_s the
  slowest trace (decode, alignment, soft bits, decision).

Last line: `RESULT ab_over_ladder=<x> psnr_db=<x> trace_accuracy=<f> false_matches=<n>
trace_s=<x>`. Usage: .venv/bin/python bench/screeners_bench.py [--rounds N] [--holders N]
[--work DIR]. With `--work`, the folder is kept: films, marked renditions and the measured
ratio found there are reused (a run on a busy machine can be resumed; delete it to start over).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from media.transcoding.commands import plan_ladder, video_ladder_command
from media.watermark.codewords import decide, new_codeword, variant_for
from media.watermark.commands import marked_video_command
from media.watermark.pattern import luma_expression
from media.watermark.playlists import segment_starts
from media.watermark.preparation import make_marked
from media.watermark.reading import video_soft_bits
from media.watermark.tracing import decode_frames

QUIET = ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"]
SHORT_S, LONG_S = 60, 600
FACTS = {"width": 960, "height": 540, "audio_codec": "aac"}


def ffmpeg(*args: str) -> str:
    done = subprocess.run(
        [*QUIET[:-2], "-loglevel", "info", *args], capture_output=True, text=True, check=True
    )
    return done.stderr


def film(dest: Path, seconds: int) -> Path:
    if dest.exists():
        return dest
    ffmpeg(
        *("-f", "lavfi", "-i", f"testsrc2=size=960x540:rate=25:duration={seconds}"),
        *("-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-shortest", str(dest)),
    )
    return dest


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str]) -> tuple[float, float]:
    cpu, wall = children_cpu(), time.perf_counter()
    subprocess.run(argv, check=True)
    return children_cpu() - cpu, time.perf_counter() - wall


def ladder_ratio(folder: Path, source: Path, rounds: int) -> float:
    rungs = plan_ladder(960, 540)
    best = {"ladder": float("inf"), "ab": float("inf")}
    for round_ in range(rounds):
        for name in ("ladder", "ab") if round_ % 2 == 0 else ("ab", "ladder"):
            work = folder / f"{name}-{round_}"
            for sub in ("hls", "A", "B"):
                (work / sub).mkdir(parents=True, exist_ok=True)
            build = video_ladder_command if name == "ladder" else marked_video_command
            cpu, wall = timed(build(source, work, rungs=rungs, has_audio=True))
            print(f"{name:6} round {round_}: cpu {cpu:6.1f} s  wall {wall:6.1f} s")
            best[name] = min(best[name], cpu)
    return best["ab"] / best["ladder"]


def mark_psnr(source: Path) -> float:
    values = []
    for sign in (1, -1):
        graph = (
            "[0:v]scale=960:540,setsar=1,format=yuv420p,split=3[a][b][c];"
            f"[c]trim=end_frame=1,geq=lum='{luma_expression(1)}':cb=128:cr=128[p];"
            f"[a][p]lut2=c0='clip(x{'+' if sign > 0 else '-'}y{'-' if sign > 0 else '+'}128,0,255)'"
            ":c1=x:c2=x[m];[m][b]psnr"
        )
        log = ffmpeg("-i", str(source), "-t", "20", "-filter_complex", graph, "-f", "null", "-")
        values.append(float(re.findall(r"PSNR y:([\d.]+)", log)[-1]))
    print(f"mark PSNR (luma, before encoding): A {values[0]:.2f} dB, B {values[1]:.2f} dB")
    return min(values)


def encoded_psnr(marked: Path, plain: Path) -> None:
    log = ffmpeg("-i", str(marked), "-i", str(plain), "-lavfi", "[0:v][1:v]psnr", "-f", "null", "-")
    print("variant A against the unmarked 540p rendition, both encoded:", log.splitlines()[-1])


def assemble(out: Path, rung: Path, codeword: str | None, count: int, dest: Path) -> Path:
    init = (out / "A" / rung / "index.m3u8").read_text().split('URI="')[1].split('"')[0]
    with dest.open("wb") as sink:
        sink.write((out / "A" / rung / init).read_bytes())
        for n in range(count):
            variant = "A" if codeword is None else variant_for(codeword, n)
            sink.write((out / variant / rung / f"seg_{n:05d}.m4s").read_bytes())
    return dest


def attack(recording: Path, dest: Path, seconds: float) -> Path:
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
    half = int(float(probe.stdout) / 2)
    ffmpeg(
        "-ss",
        "20",
        "-i",
        str(recording),
        "-t",
        f"{seconds * 0.6}",
        "-an",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-b:v",
        str(half),
        str(dest),
    )
    return dest


def tracing(folder: Path, holders: int) -> tuple[float, int, float]:
    source = film(folder / "long.mp4", LONG_S)
    started = time.perf_counter()
    if (folder / "marked" / "layout.json").exists():
        layout = json.loads((folder / "marked" / "layout.json").read_text())
    else:
        facts = {**FACTS, "duration_s": LONG_S}
        layout = make_marked("video", facts, source, folder / "marked", 7200)
        (folder / "marked" / "layout.json").write_text(json.dumps(layout))
    print(f"marked renditions of the {LONG_S} s film: {time.perf_counter() - started:.0f} s wall")
    reference = np.fromfile(folder / "marked" / "reference.gray", np.uint8).reshape(-1, 90, 160)
    starts = segment_starts(layout)
    issued = {f"holder-{n:02d}": new_codeword() for n in range(holders)}
    copies: list[tuple[str | None, str | None]] = [*issued.items(), (None, None)]
    correct, false_matches, slowest = 0, 0, 0.0
    for holder, codeword in copies:
        recording = assemble(
            folder / "marked", Path("540p"), codeword, len(starts), folder / "rec.mp4"
        )
        leaked = attack(recording, folder / f"leak-{holder}.mp4", LONG_S)
        started = time.perf_counter()
        verdict = decide(video_soft_bits(decode_frames(leaked), reference, starts), issued)
        elapsed = time.perf_counter() - started
        slowest = max(slowest, elapsed)
        print(
            f"{holder or 'unmarked':10} -> {verdict.holder_ref or 'no match':10} "
            f"p_false<={verdict.false_accusation:.1e} z={verdict.z:.1f} "
            f"segments={verdict.segments} {elapsed:.1f} s"
        )
        if holder is not None and verdict.holder_ref == holder:
            correct += 1
        elif verdict.holder_ref is not None:
            false_matches += 1
    return correct / holders, false_matches, slowest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--holders", type=int, default=8)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="screeners-bench-") as name:
        folder = args.work or Path(name)
        folder.mkdir(parents=True, exist_ok=True)
        short = film(folder / "short.mp4", SHORT_S)
        measured = folder / "ratio.json"
        if measured.exists():
            ratio = json.loads(measured.read_text())["ab_over_ladder"]
            print(f"ab_over_ladder {ratio:.2f}: measured earlier in {folder}")
        else:
            ratio = ladder_ratio(folder, short, args.rounds)
            measured.write_text(json.dumps({"ab_over_ladder": ratio}))
        psnr = mark_psnr(short)
        marked = assemble(folder / "ab-0", Path("540p"), None, SHORT_S // 2, folder / "a.mp4")
        encoded_psnr(marked, _plain(folder))
        accuracy, false_matches, trace_s = tracing(folder, args.holders)
    print(
        f"RESULT ab_over_ladder={ratio:.2f} psnr_db={psnr:.1f} trace_accuracy={accuracy:.2f} "
        f"false_matches={false_matches} trace_s={trace_s:.1f}"
    )


def _plain(folder: Path) -> Path:
    rendition = folder / "ladder-0" / "hls" / "540p"
    init = (rendition / "index.m3u8").read_text().split('URI="')[1].split('"')[0]
    dest = folder / "plain.mp4"
    with dest.open("wb") as sink:
        sink.write((rendition / init).read_bytes())
        for segment in sorted(rendition.glob("seg_*.m4s")):
            sink.write(segment.read_bytes())
    return dest


if __name__ == "__main__":
    main()
