"""A fresh RSA key for DKIM tests, and the DNS record a receiver would find for it."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Callable
from pathlib import Path


def generate_dkim_key(folder: Path) -> tuple[Path, bytes]:
    """The private key's file (PEM) and its TXT record (`v=DKIM1; k=rsa; p=...`)."""
    private = folder / "dkim-private.pem"
    subprocess.run(
        [
            "openssl",
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            str(private),
        ],
        check=True,
        capture_output=True,
    )
    public_der = subprocess.run(
        ["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    return private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public_der)


def dns_serving(record: bytes, name: str) -> Callable[..., bytes | None]:
    """A `dnsfunc` for `dkim.verify` that knows one TXT record, at `name` (with its final dot)."""

    def lookup(query: bytes, timeout: int = 5) -> bytes | None:
        return record if query.decode() == name else None

    return lookup
