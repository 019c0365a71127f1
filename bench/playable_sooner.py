"""How soon a track plays: through the API on the embedded default, against bare ffmpeg.

Starts `lakou serve` (SQLite, embedded redis, worker in-process) in a temporary folder, uploads
a 180 s stereo FLAC (lavfi) and watches the asset's event stream (`GET /api/media/{id}/events`,
as the studio does) from the end of the upload until its preview, its stream and every output
are published. The baselines run, bare and in the same run, the very commands the jobs run
(`audio_jobs`): the preview alone, the HLS alone, every output made bare from the source one
after another (the M4A encoded from the source, as without a stream to copy it from) and the
jobs' own commands one after another (the M4A copied from the stream). Each figure is the
fastest of `--rounds` uploads.
Prints `RESULT preview_over_bare_preview=<x> stream_over_bare_hls=<x>
all_outputs_over_sequential=<x> all_outputs_over_own_commands=<x>` last.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.upload_memory import call, free_port
from media.transcoding import commands
from media.transcoding.audio import audio_jobs
from media.transcoding.outputs import PreviewWindow

TRACK_S = 180.0
PREVIEW = PreviewWindow(30.0, 30.0)


def generate(path: Path) -> None:
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"),
            "-filter_complex",
            f"sine=frequency=220:duration={TRACK_S}[a];"
            f"anoisesrc=duration={TRACK_S}:color=pink:amplitude=0.2[b];"
            "[a][b]amix=inputs=2,aformat=sample_rates=44100:channel_layouts=stereo",
            str(path),
        ],
        check=True,
    )


def bare(track: Path, folder: Path) -> dict[str, float]:
    """Seconds of each job's commands run bare, one after another, plus `m4a_encoded`: the
    M4A encoded from the source, as it is made without a stream to copy it from."""
    seconds: dict[str, float] = {}
    jobs = audio_jobs(track, duration_s=TRACK_S, lossless=True, preview=PREVIEW)
    for job in jobs:
        # The stream's files straight into the output folder (where publishing puts them), the
        # other jobs in folders inside it: the M4A is copied from the stream's segments there.
        work = folder / "out" if job.name == "stream" else folder / "out" / job.name
        work.mkdir(parents=True, exist_ok=True)
        seconds[job.name] = timed([step.argv for step in job.steps(work)])
    encoded = folder / "m4a_encoded"
    encoded.mkdir(parents=True, exist_ok=True)
    seconds["m4a_encoded"] = timed([commands.audio_m4a_command(track, encoded / "audio.m4a")])
    return seconds


def timed(argvs: list[list[str]]) -> float:
    started = time.perf_counter()
    for argv in argvs:
        subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def through_api(port: int, token: str, work_id: str, data: bytes) -> dict[str, float]:
    """Seconds from the end of the upload to a playable preview, stream, and everything."""
    upload = call(
        port,
        "POST",
        f"/api/works/{work_id}/uploads",
        {"kind": "audio", "filename": "track.flac", "size": len(data)},
        token,
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(
        "PUT",
        f"/api/uploads/{upload['id']}/content",
        data,
        {"authorization": f"Bearer {token}", "content-length": str(len(data))},
    )
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"upload failed: {response.status}")
    uploaded = time.perf_counter()
    # What the studio does: watch the asset's event stream, which the worker's commits wake.
    stream = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    stream.request(
        "GET",
        f"/api/media/{upload['id']}/events",
        headers={"authorization": f"Bearer {token}", "accept": "text/event-stream"},
    )
    events = stream.getresponse()
    seen: dict[str, float] = {}
    for asset in server_sent(events):
        now = time.perf_counter() - uploaded
        ready = {r["name"] for r in asset.get("renditions", []) if r["state"] == "ready"}
        if "preview" in ready:
            seen.setdefault("preview", now)
        if "stream" in ready:
            seen.setdefault("stream", now)
        if asset["status"] in ("ready", "incomplete", "failed", "rejected"):
            if asset["status"] != "ready":
                raise RuntimeError(f"processing ended {asset['status']}: {asset['error_code']}")
            seen["all"] = now
            break
    stream.close()
    if "all" not in seen:
        raise RuntimeError("the event stream ended before the track was ready")
    return seen


def server_sent(response: http.client.HTTPResponse) -> Iterator[dict[str, Any]]:
    """The JSON data of each server-sent event, as it arrives."""
    if response.status != 200:
        raise RuntimeError(f"event stream refused: {response.status}")
    data: list[str] = []
    while line := response.readline():
        text = line.decode().rstrip("\r\n")
        if text.startswith("data:"):
            data.append(text[5:].lstrip(" "))
        elif not text and data:
            yield json.loads("\n".join(data))
            data = []


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lakou-bench-sooner-") as folder:
        root = Path(folder)
        track = root / "track.flac"
        generate(track)
        data = track.read_bytes()
        env = {k: v for k, v in os.environ.items() if not k.startswith("LAKOU_")}
        env |= {
            "LAKOU_VAR_DIR": f"{folder}/var",
            "LAKOU_PORT": str(port),
            "LAKOU_LOG_LEVEL": "warning",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "lakou.cli", "serve", "--no-seed"],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(root / "serve.log").open("wb"),
        )
        api: list[dict[str, float]] = []
        bares: list[dict[str, float]] = []
        try:
            for _ in range(1200):  # a loaded shared machine starts slowly
                try:
                    call(port, "GET", "/health")
                    break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError((root / "serve.log").read_text()[-2000:]) from None
                    time.sleep(0.1)
            email, password = "bench@example.test", "benchmark password"
            call(
                port,
                "POST",
                "/api/auth/signup",
                {"email": email, "password": password, "role": "creator"},
            )
            login = call(port, "POST", "/api/auth/login", {"email": email, "password": password})
            token = login["token"]
            creator = call(
                port, "POST", "/api/creators", {"kind": "person", "name": "Bench"}, token
            )
            for round_number in range(options.rounds):
                work = call(
                    port,
                    "POST",
                    "/api/works",
                    {"creator_id": creator["id"], "titles": {"fr": "Banc"}, "discipline": "music"},
                    token,
                )
                order = ["bare", "api"] if round_number % 2 == 0 else ["api", "bare"]
                for name in order:
                    if name == "bare":
                        bares.append(bare(track, root / f"bare-{round_number}"))
                    else:
                        api.append(through_api(port, token, work["id"], data))
                print(
                    f"round {round_number + 1}: api preview {api[-1]['preview']:.2f} s, "
                    f"stream {api[-1]['stream']:.2f} s, all {api[-1]['all']:.2f} s; bare "
                    + ", ".join(f"{name} {s:.2f} s" for name, s in bares[-1].items())
                )
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)
    best = {key: min(run[key] for run in api) for key in ("preview", "stream", "all")}
    bare_preview = min(run["preview"] for run in bares)
    bare_hls = min(run["stream"] for run in bares)
    # Every output made bare from the source, one after another (the M4A encoded); and the
    # pipeline's own commands one after another (the M4A copied from the stream).
    sequential = min(sum(run.values()) - run["m4a"] for run in bares)
    own = min(sum(run.values()) - run["m4a_encoded"] for run in bares)
    print(f"{os.cpu_count()} cores; {TRACK_S:g} s FLAC; fastest of {options.rounds} rounds")
    print(f"playable preview {best['preview']:.2f} s vs bare preview {bare_preview:.2f} s")
    print(f"playable stream {best['stream']:.2f} s vs bare HLS {bare_hls:.2f} s")
    print(f"every output {best['all']:.2f} s vs each made bare from the source {sequential:.2f} s")
    print(f"  and vs the pipeline's own commands in sequence {own:.2f} s")
    print(
        f"RESULT preview_over_bare_preview={best['preview'] / bare_preview:.3f} "
        f"stream_over_bare_hls={best['stream'] / bare_hls:.3f} "
        f"all_outputs_over_sequential={best['all'] / sequential:.3f} "
        f"all_outputs_over_own_commands={best['all'] / own:.3f}"
    )


if __name__ == "__main__":
    main()
