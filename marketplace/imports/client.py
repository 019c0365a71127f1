"""`lakou import-catalogue`: send a manifest and its files to a Lakou server, follow every row.

Uses the server's public HTTP API only, like any other client: log in, post the manifest with
the sizes of the files found next to it, send each file to the upload its row got (streamed
from disk, never read whole into memory), then poll the import until every row is final.

Running the same command again resumes: the manifest's digest is the import's idempotency key,
so the server answers with the same import and only the files still awaited are sent.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

import click

from infra.errors import AppError
from marketplace.imports.manifest import (
    MAX_MANIFEST_BYTES,
    ManifestFormat,
    decode_manifest,
    parse_manifest,
)

if TYPE_CHECKING:
    import httpx

FINAL_STATUSES = frozenset({"invalid", "ready", "incomplete", "rejected", "failed", "aborted"})
CHUNK = 1024 * 1024
SUFFIX_FORMATS = {".csv": ManifestFormat.CSV, ".json": ManifestFormat.JSON}

Echo = Callable[[str], None]


class ImportFailed(Exception):
    """The import could not go on; the message says why, for the person at the terminal."""


@dataclass(frozen=True)
class ImportOptions:
    manifest: Path
    creator_id: UUID
    manifest_format: ManifestFormat | None = None
    timeout_s: float = 3600.0
    poll_s: float = 2.0
    fresh: bool = False  # a new import even if this manifest was sent before


@dataclass
class _Run:
    http: httpx.Client
    token: str
    echo: Echo
    local_failures: dict[int, str] = field(default_factory=dict)

    @property
    def auth(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}

    def call(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self.http.request(method, url, headers=self.auth, **kwargs)
        return _json_or_fail(response)


def open_http(server: str) -> httpx.Client:
    try:
        import httpx
    except ImportError:  # pragma: no cover - httpx ships with lakou's dependencies
        raise ImportFailed("this command needs httpx: pip install httpx") from None
    timeout = httpx.Timeout(connect=10.0, read=600.0, write=600.0, pool=10.0)
    return httpx.Client(base_url=server.rstrip("/"), timeout=timeout, follow_redirects=False)


def log_in(http: httpx.Client, email: str, password: str) -> str:
    response = http.post("/api/auth/login", json={"email": email, "password": password})
    token: str = _json_or_fail(response, "login")["token"]
    return token


def run_import(
    http: httpx.Client, token: str, options: ImportOptions, echo: Echo = click.echo
) -> int:
    """Import the manifest; 0 when every valid row ended ready, 1 otherwise."""
    run = _Run(http, token, echo)
    manifest_format, text, local_files = _read_manifest(options)
    body: dict[str, Any] = {
        "creator_id": str(options.creator_id),
        "format": manifest_format.value,
        "manifest": text,
        "files": {name: path.stat().st_size for name, path in local_files.items()},
    }
    if not options.fresh:
        digest = hashlib.sha256(f"{options.creator_id}\n{manifest_format}\n{text}".encode())
        body["idempotency_key"] = f"cli-{digest.hexdigest()[:48]}"
    report = run.call("POST", "/api/imports", json=body)
    rows = report["rows"]
    echo(
        f"import {report['id']}: {len(rows)} row(s), "
        + ", ".join(f"{count} {status}" for status, count in report["counts"].items())
    )
    to_send = []
    for row in rows:
        if row.get("upload") and row["file"] in local_files:
            to_send.append(row)
        elif row.get("upload"):
            run.local_failures[row["row_number"]] = "file not found next to the manifest"
    if to_send:
        _send_files(run, to_send, local_files)
    final = _wait(run, report["id"], options)
    return _summary(run, final)


def _read_manifest(options: ImportOptions) -> tuple[ManifestFormat, str, dict[str, Path]]:
    path = options.manifest
    fmt = options.manifest_format or SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportFailed(f"{path.name}: say --format csv or --format json")
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise ImportFailed(
            f"{path.name} is larger than {MAX_MANIFEST_BYTES} bytes: split it in several imports"
        )
    try:
        text = decode_manifest(path.read_bytes())
        rows = parse_manifest(text, fmt, datetime.now(UTC))
    except AppError as error:
        raise ImportFailed(f"{path.name}: {error.message}") from None
    # Only files next to the manifest, by the names the rows give (already checked plain).
    found: dict[str, Path] = {}
    for row in rows:
        if row.file is None:
            continue
        for name in dict.fromkeys((row.file, unicodedata.normalize("NFD", row.file))):
            candidate = path.parent / name
            if candidate.is_file():
                found[row.file] = candidate
                break
    return fmt, text, found


def _send_files(run: _Run, rows: list[dict[str, Any]], files: dict[str, Path]) -> None:
    total = sum(int(row["size"]) for row in rows)
    label = f"sending {len(rows)} file(s)"
    with click.progressbar(length=total, label=label, show_pos=False, show_percent=True) as bar:
        for row in rows:
            path = files[row["file"]]
            try:
                if path.stat().st_size != row["size"]:
                    raise ImportFailed("the file changed since the import started")
                _send_one(run, row["upload"], path, bar.update)
            except ImportFailed as error:
                run.local_failures[row["row_number"]] = str(error)
            except Exception as error:  # a dropped connection must not stop the other files
                run.local_failures[row["row_number"]] = f"{type(error).__name__}: {error}"


def _send_one(run: _Run, upload: dict[str, Any], path: Path, advance: Callable[[int], Any]) -> None:
    size = path.stat().st_size
    if upload["mode"] == "local":
        response = run.http.put(
            upload["content_url"],
            content=_chunks(path, 0, size, advance),
            headers={**run.auth, "content-length": str(size)},
        )
        _json_or_fail(response)
        return
    # S3 mode: each part straight to storage through a presigned URL, then completion.
    base = f"/api/uploads/{upload['id']}"
    received = set(run.call("GET", base)["received_parts"])
    part_size = int(upload["part_size"])
    for number in range(1, int(upload["parts"]) + 1):
        offset = (number - 1) * part_size
        length = min(part_size, size - offset)
        if number in received:
            advance(length)
            continue
        url = run.call("GET", f"{base}/parts/{number}/url")["url"]
        # No Authorization header here: the URL carries its own signature.
        response = run.http.put(
            url,
            content=_chunks(path, offset, length, advance),
            headers={"content-length": str(length)},
        )
        if response.status_code >= 300:
            raise ImportFailed(f"storage refused part {number} ({response.status_code})")
    run.call("POST", f"{base}/complete")


def _chunks(path: Path, offset: int, length: int, advance: Callable[[int], Any]) -> Iterator[bytes]:
    with path.open("rb") as source:
        source.seek(offset)
        remaining = length
        while remaining > 0:
            chunk = source.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            advance(len(chunk))
            yield chunk


def _wait(run: _Run, import_id: str, options: ImportOptions) -> dict[str, Any]:
    deadline = time.monotonic() + options.timeout_s
    report: dict[str, Any] = run.call("GET", f"/api/imports/{import_id}")

    def settled(row: dict[str, Any]) -> bool:
        return row["status"] in FINAL_STATUSES or row["row_number"] in run.local_failures

    def count() -> int:
        return sum(1 for row in report["rows"] if settled(row))

    with click.progressbar(length=len(report["rows"]), label="processing") as bar:
        done = count()
        bar.update(done)
        while done < len(report["rows"]) and time.monotonic() < deadline:
            time.sleep(options.poll_s)
            report = run.call("GET", f"/api/imports/{import_id}")
            now_done = count()
            bar.update(now_done - done)
            done = now_done
    return report


def _summary(run: _Run, report: dict[str, Any]) -> int:
    ok = True
    for row in report["rows"]:
        status = row["status"]
        failure = run.local_failures.get(row["row_number"])
        if status != "invalid" and (status != "ready" or failure):
            ok = False
        shown = "not sent" if failure and status == "awaiting_file" else status
        title = row["title"] or ""
        run.echo(f"{row['row_number']:>5}  {shown:<13} {row['file'] or '-'}  {title}".rstrip())
        if row["error_code"]:
            run.echo(f"{'':>7}{row['error_code']}: {row['error_message']}")
        if failure:
            run.echo(f"{'':>7}{failure}")
    counts = ", ".join(f"{count} {status}" for status, count in report["counts"].items())
    run.echo(f"import {report['id']}: {counts}")
    if not ok:
        run.echo("Some works are not ready: fix them and run the same command to resume.")
    return 0 if ok else 1


def _json_or_fail(response: httpx.Response, what: str = "") -> Any:
    if response.status_code < 300:
        return response.json() if response.content else None
    try:
        error = response.json()["error"]
        detail = f"{error['code']}: {error['message']}"
    except (ValueError, KeyError, TypeError):
        detail = response.text[:200] or response.reason_phrase
    prefix = f"{what} refused" if what else f"{response.request.method} {response.request.url.path}"
    raise ImportFailed(f"{prefix} ({response.status_code}) {detail}")


def command(
    manifest: str,
    server: str,
    email: str | None,
    password_stdin: bool,
    token: str | None,
    creator_id: UUID,
    manifest_format: str | None,
    timeout_s: float,
    fresh: bool,
) -> int:
    """The `lakou import-catalogue` command, once click has read its options."""
    import sys

    if token is None and not email:
        raise click.UsageError("give --email (the password is then asked) or --token")
    options = ImportOptions(
        manifest=Path(manifest),
        creator_id=creator_id,
        manifest_format=ManifestFormat(manifest_format) if manifest_format else None,
        timeout_s=timeout_s,
        fresh=fresh,
    )
    try:
        with open_http(server) as http:
            if token is None:
                password = (
                    sys.stdin.readline().rstrip("\n")
                    if password_stdin
                    else click.prompt("Password", hide_input=True)
                )
                token = log_in(http, email or "", password)
            return run_import(http, token, options)
    except ImportFailed as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:
        # httpx's transport errors: the server is down, the name does not resolve...
        if type(error).__module__.startswith("httpx"):
            raise click.ClickException(f"cannot talk to {server}: {error}") from None
        raise
