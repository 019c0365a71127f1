"""`lakou import-catalogue` against a real `lakou serve` (embedded mode), as a creator runs it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_embedded_serve import _call, _free_port, _wait_until

pytestmark = pytest.mark.slow

PASSWORD = "mot de passe sûr"


def test_import_catalogue_command_sends_a_catalogue_to_a_running_server(tmp_path: Path) -> None:
    album = tmp_path / "album"
    album.mkdir()
    for n in (1, 2):
        subprocess.run(
            [
                *("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
                *("-f", "lavfi", "-i", f"sine=frequency={300 * n}:duration=1"),
                str(album / f"chanson {n}.flac"),
            ],
            check=True,
        )
    (album / "catalogue.csv").write_text(
        "title_fr;title_gcf;discipline;credits;file;kind\n"
        'Chanson 1;Chanté 1;Musique;"Man Ya:performer";chanson 1.flac;audio\n'
        "Chanson 2;Chanté 2;Musique;;chanson 2.flac;audio\n"
        "Chanson 3;;Musique;;chanson 3.flac;audio\n"
    )
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")} | {
        "LAKOU_VAR_DIR": str(tmp_path / "var"),
        "LAKOU_PORT": str(port),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "lakou.cli", "serve", "--no-seed"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def healthy() -> bool:
            try:
                return _call(base, "GET", "/health")[0] == 200
            except OSError:
                return False

        assert _wait_until(healthy, 60), "lakou serve did not come up"
        email = "label@example.test"
        signup = {"email": email, "password": PASSWORD, "role": "creator"}
        assert _call(base, "POST", "/api/auth/signup", signup)[0] == 202
        token = _call(base, "POST", "/api/auth/login", {"email": email, "password": PASSWORD})[1][
            "token"
        ]
        creator = _call(
            base, "POST", "/api/creators", {"kind": "structure", "name": "Lakou"}, token
        )
        imported = subprocess.run(
            [
                *(sys.executable, "-m", "lakou.cli", "import-catalogue"),
                str(album / "catalogue.csv"),
                f"--server={base}",
                f"--email={email}",
                "--password-stdin",
                f"--creator-id={creator[1]['id']}",
                "--timeout=120",
            ],
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
            check=False,
        )
        output = imported.stdout + imported.stderr
        # Row 3's file is not there: reported as invalid, the others still ready.
        assert imported.returncode == 0, output
        assert "1 invalid, 2 ready" in output
        assert "missing_file" in output
        works = _call(base, "GET", f"/api/works?creator_id={creator[1]['id']}", None, token)[1]
        assert sorted(w["titles"]["fr"] for w in works["items"]) == ["Chanson 1", "Chanson 2"]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
