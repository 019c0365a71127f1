"""Pytest plugin: a real moto S3 server over HTTP, shared by the whole session.

A real server (rather than in-process mocking) exercises botocore's HTTP stack, timeouts,
retries and presigned URLs exactly as MinIO or AWS would.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from moto.server import ThreadedMotoServer


def free_port() -> int:
    """A TCP port that was free a moment ago (also used to get a port nobody listens on)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def moto_s3_endpoint() -> Iterator[str]:
    # Port 0 lets the OS pick while binding, so there is no window for another process to
    # grab a port we probed earlier.
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
