"""A PostgreSQL server of a test's own (never the machine's): stopped and started at will.

Run from the machine's PostgreSQL binaries, in a temporary folder, on a free port, with trust
authentication on loopback. As root, the server runs as the `postgres` account (PostgreSQL
refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.fixtures_s3 import free_port


def _binaries() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


class PostgresServer:
    def __init__(self) -> None:
        binaries = _binaries()
        if binaries is None:
            raise RuntimeError("PostgreSQL's binaries are not installed (/usr/lib/postgresql)")
        self.bin = binaries
        # Its own folder straight under the temporary root: pytest's folders are private to
        # root, where the `postgres` account could not reach its data.
        self.folder = Path(tempfile.mkdtemp(prefix="lakou-test-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix: list[str] = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise RuntimeError("running as root needs runuser to start PostgreSQL")
            prefix = [runuser, "-u", "postgres", "--"]
        subprocess.run([*prefix, *command], check=True, capture_output=True)

    def create(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "--auth=trust"),
            *("--no-sync", "-E", "UTF8", "--locale=C.UTF-8"),
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log")),
            *("-w", "-t", "60", "start"),
        )

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash as far as clients can tell: every connection cut at once."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        """Stopped or not, gone with its files."""
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
