"""Presigned URL signing, checked offline.

moto serves presigned URLs without checking signatures or expiry, so the contract test only
proves the URL reaches the bytes; here the signature is recomputed independently (SigV4 as
specified by AWS) to prove it covers the bucket, key and expiry we asked for.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from media.storage.port import InvalidKey
from media.storage.s3 import MAX_PRESIGN_SECONDS, S3Storage
from tests.fixtures_s3 import free_port

ACCESS_KEY = "AKIDLAKOUTEST"
SECRET_KEY = "lakou-secret-for-tests"
REGION = "eu-west-3"
BUCKET = "lakou-media"
KEY = "renditions/2026/11/0123456789abcdef0123456789abcdef/seg-00001.m4s"


@pytest.fixture
def store() -> S3Storage:
    # Nothing listens on this port: presigning must not need the network.
    return S3Storage(
        bucket=BUCKET,
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        access_key_id=ACCESS_KEY,
        secret_access_key=SECRET_KEY,
        region=REGION,
    )


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def expected_signature(url: str, secret: str) -> str:
    """SigV4 query-string signature for a GET, written from the AWS spec, not from botocore."""
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    params.pop("X-Amz-Signature")
    canonical_query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(params.items())
    )
    canonical_request = "\n".join(
        [
            "GET",
            parts.path,
            canonical_query,
            f"host:{parts.netloc}\n",
            params["X-Amz-SignedHeaders"],
            "UNSIGNED-PAYLOAD",
        ]
    )
    amz_date = params["X-Amz-Date"]
    _, date, region, service, terminal = params["X-Amz-Credential"].split("/")
    scope = f"{date}/{region}/{service}/{terminal}"
    string_to_sign = "\n".join(
        [
            params["X-Amz-Algorithm"],
            amz_date,
            scope,
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    signing_key = _hmac(("AWS4" + secret).encode(), date)
    for part in (region, service, terminal):
        signing_key = _hmac(signing_key, part)
    return hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


@pytest.mark.parametrize("expires_s", [1, 300, MAX_PRESIGN_SECONDS])
def test_url_carries_requested_expiry_and_key(store: S3Storage, expires_s: int) -> None:
    url = store.presigned_get_url(KEY, expires_s)
    assert url is not None
    parts = urlsplit(url)
    params = query(url)

    assert parts.netloc == urlsplit(store.endpoint_url or "").netloc
    assert parts.path == f"/{BUCKET}/{KEY}"  # path-style addressing
    assert params["X-Amz-Expires"] == str(expires_s)
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert params["X-Amz-SignedHeaders"] == "host"

    signed_at = datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - signed_at) < timedelta(minutes=1)
    assert params["X-Amz-Credential"] == (
        f"{ACCESS_KEY}/{signed_at:%Y%m%d}/{REGION}/s3/aws4_request"
    )


def test_signature_verifies_with_the_secret(store: S3Storage) -> None:
    url = store.presigned_get_url(KEY, 300)
    assert url is not None
    assert query(url)["X-Amz-Signature"] == expected_signature(url, SECRET_KEY)
    assert query(url)["X-Amz-Signature"] != expected_signature(url, "another-secret")


@pytest.mark.parametrize(
    ("original", "tampered"),
    [
        ("X-Amz-Expires=300", "X-Amz-Expires=604800"),  # stretch the lifetime
        (f"/{KEY}?", f"/{KEY.replace('seg-00001', 'seg-00002')}?"),  # another object
        (f"/{BUCKET}/", "/other-bucket/"),  # another bucket
    ],
)
def test_signature_covers_expiry_key_and_bucket(
    store: S3Storage, original: str, tampered: str
) -> None:
    url = store.presigned_get_url(KEY, 300)
    assert url is not None
    assert original in url
    forged = url.replace(original, tampered)
    assert query(forged)["X-Amz-Signature"] != expected_signature(forged, SECRET_KEY)


def test_different_keys_get_different_signatures(store: S3Storage) -> None:
    first = store.presigned_get_url("originals/a", 300)
    second = store.presigned_get_url("originals/b", 300)
    assert first is not None
    assert second is not None
    assert query(first)["X-Amz-Signature"] != query(second)["X-Amz-Signature"]


@pytest.mark.parametrize("expires_s", [0, -1, MAX_PRESIGN_SECONDS + 1])
def test_expiry_outside_sigv4_limits_is_refused(store: S3Storage, expires_s: int) -> None:
    with pytest.raises(ValueError, match="expires_s"):
        store.presigned_get_url(KEY, expires_s)


@pytest.mark.parametrize("key", ["../secrets", "/abs", "a\\b", ""])
def test_invalid_keys_are_never_signed(store: S3Storage, key: str) -> None:
    with pytest.raises(InvalidKey):
        store.presigned_get_url(key, 300)


def test_aws_endpoint_uses_path_style_on_the_regional_host() -> None:
    store = S3Storage(
        bucket=BUCKET,
        endpoint_url=None,
        access_key_id=ACCESS_KEY,
        secret_access_key=SECRET_KEY,
        region=REGION,
    )
    url = store.presigned_get_url(KEY, 60)
    assert url is not None
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        f"s3.{REGION}.amazonaws.com",
        f"/{BUCKET}/{KEY}",
    )
    assert query(url)["X-Amz-Signature"] == expected_signature(url, SECRET_KEY)
