"""Builds the test extension (tests/extension_shelf) into a wheel and installs it for a test.

The wheel is written by hand (a zip with its .dist-info, as PEP 427 describes) so the suite
needs no build backend; pip installs it into a temporary folder, never into `.venv`.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

SOURCE = Path(__file__).parent / "extension_shelf" / "src"
NAME, VERSION = "lakou_shelf", "0.1.0"
ENTRY_POINTS = """\
[lakou.extensions]
shelf = lakou_shelf.module:MODULE
shelf-digest = lakou_shelf.module:DIGEST
"""


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(folder: Path) -> Path:
    dist_info = f"{NAME}-{VERSION}.dist-info"
    files: dict[str, bytes] = {
        path.relative_to(SOURCE).as_posix(): path.read_bytes()
        for path in sorted(SOURCE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    files[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: lakou-shelf\nVersion: {VERSION}\n".encode()
    )
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: lakou-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{dist_info}/entry_points.txt"] = ENTRY_POINTS.encode()
    record = [_record_line(path, data) for path, data in files.items()]
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = folder / f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def install_wheel(wheel: Path, target: Path) -> Path:
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"),
            *("--disable-pip-version-check", "--target", str(target), str(wheel)),
        ],
        check=True,
    )
    return target
