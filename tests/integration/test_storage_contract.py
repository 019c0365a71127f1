"""One contract, every adapter: the behaviours callers of ObjectStorage rely on.

The S3 side talks HTTP to a real moto server, so botocore's request path is exercised too.
"""

from __future__ import annotations

import hashlib
import shutil
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
import pytest

from media.storage.keys import new_key
from media.storage.local import LocalFolderStorage
from media.storage.port import (
    READ_CHUNK_SIZE,
    InvalidKey,
    ObjectNotFound,
    ObjectStorage,
    StorageUnavailable,
)
from media.storage.s3 import PART_SIZE, S3Storage
from tests.fixtures_s3 import free_port, moto_s3_endpoint  # noqa: F401

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

MIB = 1024 * 1024


def raw_client(endpoint: str | None) -> S3Client:
    """A plain boto3 client to look behind the adapter's back."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


@dataclass
class Backend:
    kind: str
    store: ObjectStorage
    # Every file (local) or object (S3) physically present, to prove failures wrote nothing.
    leftovers: Callable[[], list[str]]
    # What an operator's mistake or an outage does to it: the folder or the bucket goes away.
    make_unusable: Callable[[], None]


def _local_backend(tmp_path: Path) -> Backend:
    # Root one level down so a traversal to "../x" would land somewhere we can inspect.
    store = LocalFolderStorage(tmp_path / "store")

    def leftovers() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())

    def make_unusable() -> None:
        shutil.rmtree(store.root)
        store.root.write_bytes(b"a file where the storage folder should be")

    return Backend("local", store, leftovers, make_unusable)


def _s3_backend(endpoint: str) -> Backend:
    bucket = f"lakou-test-{uuid.uuid4().hex[:16]}"
    store = S3Storage(
        bucket=bucket,
        endpoint_url=endpoint,
        access_key_id="testing",
        secret_access_key="testing",
        create_bucket=True,
    )
    client = raw_client(endpoint)

    def leftovers() -> list[str]:
        listing = client.list_objects_v2(Bucket=bucket)
        uploads = client.list_multipart_uploads(Bucket=bucket)
        return sorted(
            [obj["Key"] for obj in listing.get("Contents", [])]
            + [f"multipart:{up['Key']}" for up in uploads.get("Uploads", [])]
        )

    def make_unusable() -> None:
        for obj in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=obj["Key"])
        client.delete_bucket(Bucket=bucket)

    return Backend("s3", store, leftovers, make_unusable)


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        return _local_backend(tmp_path)
    return _s3_backend(request.getfixturevalue("moto_s3_endpoint"))


@pytest.fixture
def store(backend: Backend) -> ObjectStorage:
    return backend.store


def payload_chunks(total: int, chunk: int = MIB) -> Iterator[bytes]:
    """Deterministic, non-repeating-per-chunk bytes so offsets errors show up in hashes."""
    sent = 0
    index = 0
    while sent < total:
        size = min(chunk, total - sent)
        block = hashlib.sha256(index.to_bytes(8, "big")).digest()
        yield (block * (size // len(block) + 1))[:size]
        sent += size
        index += 1


def payload(total: int) -> bytes:
    return b"".join(payload_chunks(total))


def read_all(store: ObjectStorage, key: str, start: int = 0, end: int | None = None) -> bytes:
    return b"".join(store.read_range(key, start, end))


# -- round trips --------------------------------------------------------------------------------


def test_adapter_satisfies_the_port(store: ObjectStorage) -> None:
    assert isinstance(store, ObjectStorage)


def test_round_trip_keeps_bytes_and_content_type(store: ObjectStorage) -> None:
    key = new_key("originals")
    stored = store.put(key, [b"hello ", b"lakou"], "text/plain; charset=utf-8")

    assert (stored.key, stored.size, stored.content_type) == (
        key,
        11,
        "text/plain; charset=utf-8",
    )
    assert store.stat(key) == stored
    assert read_all(store, key) == b"hello lakou"
    assert store.exists(key)


def test_empty_object(store: ObjectStorage) -> None:
    key = new_key("originals")
    assert store.put(key, [], "application/octet-stream").size == 0
    assert store.stat(key).size == 0
    assert read_all(store, key) == b""


def test_put_replaces_previous_object(store: ObjectStorage) -> None:
    key = new_key("covers")
    store.put(key, [b"old bytes, longer"], "image/png")
    store.put(key, [b"new"], "image/webp")
    assert store.stat(key).content_type == "image/webp"
    assert read_all(store, key) == b"new"


def test_large_streamed_upload_round_trips(backend: Backend) -> None:
    store = backend.store
    key = new_key("originals")
    total = 20 * MIB  # several S3 parts, uneven last part
    stored = store.put(key, payload_chunks(total), "audio/flac")

    assert stored.size == total
    assert store.stat(key).size == total
    digest = hashlib.sha256()
    chunk_sizes = []
    for chunk in store.read_range(key):
        chunk_sizes.append(len(chunk))
        digest.update(chunk)
    assert digest.hexdigest() == hashlib.sha256(payload(total)).hexdigest()
    assert sum(chunk_sizes) == total
    assert max(chunk_sizes) <= READ_CHUNK_SIZE
    # Only this object remains (plus, locally, its content-type sidecar): no temp files.
    assert backend.leftovers()
    assert all(key in item and not item.endswith(".tmp") for item in backend.leftovers())


def test_s3_large_upload_is_multipart_with_8_mib_parts(moto_s3_endpoint: str) -> None:  # noqa: F811
    backend = _s3_backend(moto_s3_endpoint)
    assert isinstance(backend.store, S3Storage)
    key = new_key("originals")
    backend.store.put(key, payload_chunks(20 * MIB, chunk=3 * MIB + 7), "audio/flac")

    client = raw_client(moto_s3_endpoint)
    head = client.head_object(Bucket=backend.store.bucket, Key=key)
    # A multipart ETag ends with "-<part count>": 8 + 8 + 4 MiB.
    assert head["ETag"].strip('"').endswith("-3")
    assert head["ContentType"] == "audio/flac"
    first = client.head_object(Bucket=backend.store.bucket, Key=key, PartNumber=1)
    assert first["ContentLength"] == PART_SIZE


def test_small_upload_is_a_single_put(backend: Backend) -> None:
    key = new_key("originals")
    backend.store.put(key, payload_chunks(PART_SIZE - 1), "audio/flac")
    if isinstance(backend.store, S3Storage):
        head = raw_client(backend.store.endpoint_url).head_object(
            Bucket=backend.store.bucket, Key=key
        )
        assert "-" not in head["ETag"]
    assert read_all(backend.store, key) == payload(PART_SIZE - 1)


# -- ranges -------------------------------------------------------------------------------------


@pytest.fixture
def stored_3_mib(store: ObjectStorage) -> tuple[str, bytes]:
    key = new_key("renditions")
    data = payload(3 * MIB + 123)
    store.put(key, payload_chunks(len(data)), "video/mp4")
    return key, data


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (0, 0),
        (0, 99),
        (100, 199),
        (MIB - 1, 2 * MIB + 1),  # spans chunk boundaries
        (5, None),
    ],
)
def test_read_range_returns_exactly_the_requested_bytes(
    store: ObjectStorage, stored_3_mib: tuple[str, bytes], start: int, end: int | None
) -> None:
    key, data = stored_3_mib
    expected = data[start : None if end is None else end + 1]
    chunks = list(store.read_range(key, start, end))
    assert b"".join(chunks) == expected
    assert all(len(chunk) <= READ_CHUNK_SIZE for chunk in chunks)


def test_read_range_clamps_end_past_the_object(
    store: ObjectStorage, stored_3_mib: tuple[str, bytes]
) -> None:
    key, data = stored_3_mib
    assert read_all(store, key, len(data) - 10, len(data) + 1000) == data[-10:]


def test_read_range_starting_past_the_object_is_empty(
    store: ObjectStorage, stored_3_mib: tuple[str, bytes]
) -> None:
    key, data = stored_3_mib
    assert read_all(store, key, len(data), None) == b""


@pytest.mark.parametrize(("start", "end"), [(-1, None), (10, 9)])
def test_read_range_rejects_impossible_ranges(
    store: ObjectStorage, stored_3_mib: tuple[str, bytes], start: int, end: int | None
) -> None:
    key, _ = stored_3_mib
    with pytest.raises(ValueError, match="range"):
        store.read_range(key, start, end)


# -- missing objects, exists, delete ------------------------------------------------------------


def test_missing_key_raises_object_not_found(store: ObjectStorage) -> None:
    key = new_key("originals")
    with pytest.raises(ObjectNotFound) as stat_error:
        store.stat(key)
    assert stat_error.value.key == key
    # Raised at call time, before any iteration, so a handler can answer 404 up front.
    with pytest.raises(ObjectNotFound):
        store.read_range(key)
    with pytest.raises(ObjectNotFound):
        store.read_range(key, 10, 20)
    assert not store.exists(key)


def test_delete_removes_and_is_idempotent(backend: Backend) -> None:
    store = backend.store
    key = new_key("originals")
    store.put(key, [b"bytes"], "application/octet-stream")

    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(ObjectNotFound):
        store.stat(key)
    store.delete(key)  # second delete is fine
    store.delete(new_key("originals"))  # never existed
    assert backend.leftovers() == []


def test_keys_lists_a_folder_and_nothing_beside_it(backend: Backend) -> None:
    store = backend.store
    folder = f"renditions/{uuid.uuid4().hex}/"
    inside = [f"{folder}a/master.m3u8", f"{folder}a/seg-1.ts", f"{folder}b/cover.jpg"]
    beside = f"renditions/{uuid.uuid4().hex}/a/master.m3u8"
    for key in [*inside, beside]:
        store.put(key, [b"x"], "application/octet-stream")

    assert list(store.keys(folder)) == sorted(inside)
    assert list(store.keys(f"{folder}a/")) == sorted(inside[:2])
    assert list(store.keys("renditions/nothing-here/")) == []
    assert {*inside, beside} <= set(store.keys())
    with pytest.raises(InvalidKey):
        list(store.keys("renditions"))  # a folder ends with "/"
    with pytest.raises(InvalidKey):
        list(store.keys("../"))


# -- key safety ---------------------------------------------------------------------------------

BAD_KEYS = ["../etc/passwd", "a/../../etc/passwd", "/abs/path", "a\\b", "", "a//b", "a/./b"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_invalid_keys_are_refused_and_write_nothing(backend: Backend, key: str) -> None:
    store = backend.store
    with pytest.raises(InvalidKey):
        store.put(key, [b"evil"], "text/plain")
    for call in (
        lambda: store.stat(key),
        lambda: store.read_range(key),
        lambda: store.exists(key),
        lambda: store.delete(key),
        lambda: store.presigned_get_url(key, 60),
    ):
        with pytest.raises(InvalidKey):
            call()
    assert backend.leftovers() == []


def test_invalid_key_is_refused_before_consuming_chunks(store: ObjectStorage) -> None:
    consumed = []

    def chunks() -> Iterator[bytes]:
        consumed.append(True)
        yield b"never"

    with pytest.raises(InvalidKey):
        store.put("../escape", chunks(), "text/plain")
    assert consumed == []


def test_local_symlink_cannot_lead_out_of_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"top secret")
    root = tmp_path / "store"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    store = LocalFolderStorage(root)

    with pytest.raises(InvalidKey):
        store.read_range("link/secret")
    with pytest.raises(InvalidKey):
        store.put("link/planted", [b"x"], "text/plain")
    assert sorted(p.name for p in outside.iterdir()) == ["secret"]


# -- failed uploads -----------------------------------------------------------------------------


@pytest.mark.parametrize("fail_after_mib", [0, 1, 9, 17])  # before, within, after 1st/2nd part
def test_failing_upload_leaves_nothing_under_the_key(backend: Backend, fail_after_mib: int) -> None:
    store = backend.store
    key = new_key("originals")

    def broken_upload() -> Iterator[bytes]:
        yield from payload_chunks(fail_after_mib * MIB)
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        store.put(key, broken_upload(), "video/mp4")

    assert not store.exists(key)
    # No object, no temp file, no dangling multipart upload.
    assert backend.leftovers() == []


def test_failing_upload_keeps_the_previous_object(store: ObjectStorage) -> None:
    key = new_key("originals")
    store.put(key, [b"version 1"], "text/plain")

    def broken_upload() -> Iterator[bytes]:
        yield from payload_chunks(9 * MIB)
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        store.put(key, broken_upload(), "video/mp4")
    assert store.stat(key).content_type == "text/plain"
    assert read_all(store, key) == b"version 1"


# -- presigned URLs -----------------------------------------------------------------------------


def test_presigned_url(backend: Backend) -> None:
    store = backend.store
    key = new_key("renditions")
    store.put(key, [b"stream me"], "audio/mpeg")
    url = store.presigned_get_url(key, 60)

    if backend.kind == "local":
        assert url is None  # the app serves local media itself
        return
    assert isinstance(store, S3Storage)
    assert url is not None
    assert url.startswith(f"{store.endpoint_url}/{store.bucket}/{key}?")
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http URL we built
        assert response.read() == b"stream me"
        assert response.headers["Content-Type"] == "audio/mpeg"


# -- health -------------------------------------------------------------------------------------


def test_ping_succeeds_on_a_healthy_backend_and_leaves_nothing_behind(backend: Backend) -> None:
    store = backend.store
    store.ping()  # a backend with nothing stored yet is healthy
    key = new_key("originals")
    store.put(key, [b"kont ", b"lannuit"], "audio/flac")
    before = backend.leftovers()
    store.ping()
    store.ping()  # the readiness check calls it over and over
    # No write probe is left behind, and what was stored is untouched.
    assert backend.leftovers() == before
    assert read_all(store, key) == b"kont lannuit"


def test_ping_fails_once_the_backend_becomes_unusable(backend: Backend) -> None:
    backend.store.ping()
    backend.make_unusable()
    with pytest.raises(StorageUnavailable):
        backend.store.ping()


def test_local_ping_creates_a_missing_root(tmp_path: Path) -> None:
    root = tmp_path / "not" / "yet"
    LocalFolderStorage(root).ping()
    assert root.is_dir()
    assert list(root.iterdir()) == []  # the write probe is cleaned up


def test_local_ping_fails_when_root_is_not_a_directory(tmp_path: Path) -> None:
    root = tmp_path / "a-file"
    root.write_bytes(b"")
    with pytest.raises(StorageUnavailable, match="a-file"):
        LocalFolderStorage(root).ping()


def test_local_put_creates_the_root(tmp_path: Path) -> None:
    store = LocalFolderStorage(tmp_path / "fresh" / "root")
    store.put("k", [b"x"], "text/plain")
    assert (tmp_path / "fresh" / "root" / "k").read_bytes() == b"x"


def test_s3_ping_fails_on_unreachable_endpoint() -> None:
    store = S3Storage(
        bucket="lakou-media",
        endpoint_url=f"http://127.0.0.1:{free_port()}",  # nothing listens there
        connect_timeout=0.5,
        read_timeout=0.5,
        max_attempts=1,
        access_key_id="testing",
        secret_access_key="testing",
    )
    with pytest.raises(StorageUnavailable, match="lakou-media"):
        store.ping()


def test_s3_ping_fails_on_missing_bucket(moto_s3_endpoint: str) -> None:  # noqa: F811
    store = S3Storage(
        bucket=f"lakou-missing-{uuid.uuid4().hex[:8]}",
        endpoint_url=moto_s3_endpoint,
        access_key_id="testing",
        secret_access_key="testing",
    )
    with pytest.raises(StorageUnavailable, match="does not exist"):
        store.ping()
    store.ensure_bucket()
    store.ensure_bucket()  # idempotent
    store.ping()
