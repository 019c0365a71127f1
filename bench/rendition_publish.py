"""Storing a rendition: an HLS stream's files stored side by side against one after another.

A 3-minute track's stream is 30 segments of 6 s AAC (about 96 kB each), an init file and two
playlists. `ProcessingService._publish` stores the segments side by side, then the playlists in
order; the baseline stores the same files one after another through the same storage (the
loop it had before). Into a local folder (each put flushes its file to disk) or, with
`--store s3`, moto's S3 server in its own process (each put a round trip); alternating,
`--rounds` times each; medians.
Prints `RESULT publish_side_by_side_over_one_by_one=<x> one_by_one_ms=<x> side_by_side_ms=<x>`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.upload_memory import free_port
from media.processing.service import ProcessingService
from media.storage.local import LocalFolderStorage
from media.storage.port import ObjectStorage
from media.storage.s3 import S3Storage
from media.transcoding.outputs import RenditionFile

SEGMENTS = 30
SEGMENT_BYTES = 96_000


def stream_files(out: Path) -> list[RenditionFile]:
    folder = out / "hls" / "audio"
    folder.mkdir(parents=True)
    files = [RenditionFile("hls_init", "hls/audio/init.mp4", "video/mp4", "audio")]
    (folder / "init.mp4").write_bytes(os.urandom(700))
    for number in range(SEGMENTS):
        name = f"seg_{number:05d}.m4s"
        (folder / name).write_bytes(os.urandom(SEGMENT_BYTES))
        files.append(RenditionFile("hls_segment", f"hls/audio/{name}", "video/iso.segment"))
    (folder / "index.m3u8").write_text("#EXTM3U\n")
    (out / "hls" / "master.m3u8").write_text("#EXTM3U\n")
    files.append(RenditionFile("hls_playlist", "hls/audio/index.m3u8", "application/x-mpegurl"))
    files.append(RenditionFile("hls_master", "hls/master.m3u8", "application/x-mpegurl"))
    return files


def one_by_one(storage: ObjectStorage, prefix: str, out: Path, files: Any) -> None:
    for file in files:  # the order _publish keeps: playlists are last already
        with (out / file.relative_path).open("rb") as source:
            storage.put(
                f"{prefix}/{file.relative_path}",
                iter(lambda: source.read(1024 * 1024), b""),
                file.content_type,
            )


def wait_for_s3(endpoint: str) -> S3Storage:
    for _ in range(600):  # a loaded shared machine starts moto slowly
        try:
            return S3Storage(
                bucket="bench",
                endpoint_url=endpoint,
                access_key_id="bench",
                secret_access_key="bench",  # noqa: S106 - moto's, for a local server
                create_bucket=True,
            )
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"moto's S3 server did not answer at {endpoint}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--store", choices=("local", "s3"), default="local")
    options = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory(prefix="lakou-bench-publish-") as folder:
        root = Path(folder)
        out = root / "out"
        files = stream_files(out)
        storage: ObjectStorage = LocalFolderStorage(root / "store")
        if options.store == "s3":
            port = free_port()
            moto = Path(sys.executable).with_name("moto_server")
            server = subprocess.Popen(
                [str(moto), "-H", "127.0.0.1", "-p", str(port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            storage = wait_for_s3(f"http://127.0.0.1:{port}")
        service = ProcessingService(None, storage, None, None)  # type: ignore[arg-type]
        seconds: dict[str, list[float]] = {"one_by_one": [], "side_by_side": []}
        for round_number in range(options.rounds):
            for name in ("one_by_one", "side_by_side"):
                prefix = f"renditions/{name}/{round_number}"
                started = time.perf_counter()
                if name == "one_by_one":
                    one_by_one(storage, prefix, out, files)
                else:
                    service._publish(prefix, out, files)
                seconds[name].append(time.perf_counter() - started)
        if server is not None:
            server.terminate()
            server.wait(30)
    sequential = statistics.median(seconds["one_by_one"]) * 1000
    parallel = statistics.median(seconds["side_by_side"]) * 1000
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{options.store}: {len(files)} files, medians of {options.rounds} rounds; load {load}")
    print(
        f"RESULT publish_side_by_side_over_one_by_one={parallel / sequential:.3f} "
        f"one_by_one_ms={sequential:.1f} side_by_side_ms={parallel:.1f}"
    )


if __name__ == "__main__":
    main()
