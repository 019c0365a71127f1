"""S3 adapter (AWS, MinIO, moto): the only module that imports boto3."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from media.storage.keys import validate_key, validate_prefix
from media.storage.port import (
    READ_CHUNK_SIZE,
    ObjectNotFound,
    StorageUnavailable,
    StoredObject,
    UploadedPart,
    check_range,
)

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef

# S3 wants >= 5 MiB for every part but the last. 8 MiB bounds memory per upload while the
# 10 000-part limit still allows ~78 GiB objects, far above any master we accept.
PART_SIZE = 8 * 1024 * 1024
# SigV4 presigned URLs cannot outlive 7 days.
MAX_PRESIGN_SECONDS = 7 * 24 * 3600

_NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound"})
_BUCKET_MISSING_CODES = frozenset({"404", "NoSuchBucket", "NotFound"})


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Storage:
    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None,
        access_key_id: str | None,
        secret_access_key: str | None,
        region: str = "us-east-1",
        create_bucket: bool = False,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        max_attempts: int = 3,
        public_endpoint_url: str | None = None,
    ) -> None:
        self.bucket = bucket
        # Browsers may reach the store at another address (nginx's /media-objects/) than the
        # app does. URLs are signed for the internal endpoint, whose host nginx forwards
        # unchanged, and only their prefix is swapped.
        self.public_endpoint_url = public_endpoint_url.rstrip("/") if public_endpoint_url else None
        self.endpoint_url = endpoint_url
        self.region = region
        config = Config(
            region_name=region,
            signature_version="s3v4",
            # Path style works with MinIO, moto and dotted bucket names without wildcard DNS.
            s3={"addressing_style": "path"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"mode": "standard", "max_attempts": max_attempts},
        )
        # None credentials fall through to boto3's default chain (env, profile, instance role).
        self._client: S3Client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config,
        )
        if create_bucket:
            self.ensure_bucket()

    # -- helpers -----------------------------------------------------------------------------

    def _where(self) -> str:
        return f"S3 bucket {self.bucket!r} at {self.endpoint_url or 'AWS'}"

    def _unavailable(self, exc: Exception) -> NoReturn:
        raise StorageUnavailable(f"{self._where()}: {exc}") from exc

    # -- bucket management -------------------------------------------------------------------

    def ensure_bucket(self) -> None:
        """Create the bucket if missing (dev and tests; production buckets are provisioned)."""
        try:
            self._client.head_bucket(Bucket=self.bucket)
            return
        except ClientError as exc:
            if _error_code(exc) not in _BUCKET_MISSING_CODES:
                self._unavailable(exc)
        except BotoCoreError as exc:
            self._unavailable(exc)
        try:
            if self.region == "us-east-1":
                self._client.create_bucket(Bucket=self.bucket)
            else:
                self._client.create_bucket(
                    Bucket=self.bucket,
                    CreateBucketConfiguration={"LocationConstraint": self.region},  # type: ignore[typeddict-item]
                )
        except ClientError as exc:
            # Another process may have won the race; that is what we wanted anyway.
            if _error_code(exc) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                self._unavailable(exc)
        except BotoCoreError as exc:
            self._unavailable(exc)

    # -- port --------------------------------------------------------------------------------

    def put(self, key: str, chunks: Iterable[bytes], content_type: str) -> StoredObject:
        validate_key(key)
        buffer = bytearray()
        size = 0
        upload_id: str | None = None
        parts: list[CompletedPartTypeDef] = []
        try:
            for chunk in chunks:
                buffer += chunk
                size += len(chunk)
                while len(buffer) >= PART_SIZE:
                    if upload_id is None:
                        upload_id = self._client.create_multipart_upload(
                            Bucket=self.bucket, Key=key, ContentType=content_type
                        )["UploadId"]
                    parts.append(self._upload_part(key, upload_id, len(parts) + 1, buffer))
                    del buffer[:PART_SIZE]
            if upload_id is None:
                # Small objects: one request, and nothing to clean up if it fails.
                self._client.put_object(
                    Bucket=self.bucket, Key=key, Body=bytes(buffer), ContentType=content_type
                )
            else:
                if buffer or not parts:
                    parts.append(self._upload_part(key, upload_id, len(parts) + 1, buffer))
                self._client.complete_multipart_upload(
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException as exc:
            if upload_id is not None:
                # Uploaded parts are billed and invisible until aborted; the original error
                # matters more than a failed cleanup (a bucket lifecycle rule is the backstop).
                with contextlib.suppress(Exception):
                    self._client.abort_multipart_upload(
                        Bucket=self.bucket, Key=key, UploadId=upload_id
                    )
            if isinstance(exc, BotoCoreError | ClientError):
                self._unavailable(exc)
            raise
        return StoredObject(key=key, size=size, content_type=content_type)

    def _upload_part(
        self, key: str, upload_id: str, number: int, buffer: bytearray
    ) -> CompletedPartTypeDef:
        # One copy instead of two; the view must be released before the caller resizes buffer.
        with memoryview(buffer) as view:
            body = bytes(view[:PART_SIZE])
        response = self._client.upload_part(
            Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body
        )
        return {"ETag": response["ETag"], "PartNumber": number}

    def stat(self, key: str) -> StoredObject:
        validate_key(key)
        try:
            head = self._client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in _NOT_FOUND_CODES:
                raise ObjectNotFound(key) from exc
            self._unavailable(exc)
        except BotoCoreError as exc:
            self._unavailable(exc)
        return StoredObject(
            key=key,
            size=head["ContentLength"],
            content_type=head.get("ContentType") or "application/octet-stream",
        )

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        check_range(start, end)
        validate_key(key)
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        # A Range header on an empty object gets 416, so only send one when it narrows.
        if start > 0 or end is not None:
            kwargs["Range"] = f"bytes={start}-{'' if end is None else end}"
        try:
            response = self._client.get_object(**kwargs)
        except ClientError as exc:
            code = _error_code(exc)
            if code in _NOT_FOUND_CODES:
                raise ObjectNotFound(key) from exc
            if code == "InvalidRange":  # start at or past the end: nothing to send
                return iter(())
            self._unavailable(exc)
        except BotoCoreError as exc:
            self._unavailable(exc)
        return self._iter_body(response["Body"])

    def _iter_body(self, body: Any) -> Iterator[bytes]:
        try:
            yield from body.iter_chunks(READ_CHUNK_SIZE)
        except BotoCoreError as exc:
            self._unavailable(exc)
        finally:
            body.close()

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except ObjectNotFound:
            return False
        return True

    def keys(self, prefix: str = "") -> Iterator[str]:
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=validate_prefix(prefix)
        )
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    yield str(item["Key"])
        except (BotoCoreError, ClientError) as exc:
            self._unavailable(exc)

    def delete(self, key: str) -> None:
        validate_key(key)
        try:
            # S3 DeleteObject already succeeds on missing keys.
            self._client.delete_object(Bucket=self.bucket, Key=key)
        except (BotoCoreError, ClientError) as exc:
            self._unavailable(exc)

    def presigned_get_url(self, key: str, expires_s: int) -> str | None:
        validate_key(key)
        if not 1 <= expires_s <= MAX_PRESIGN_SECONDS:
            raise ValueError(f"expires_s must be within 1..{MAX_PRESIGN_SECONDS}, got {expires_s}")
        # Signing is local computation: no request is made and the key need not exist yet.
        return self._public(
            self._client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": key},
                ExpiresIn=expires_s,
            )
        )

    def _public(self, url: str) -> str:
        if self.public_endpoint_url and self.endpoint_url and url.startswith(self.endpoint_url):
            return self.public_endpoint_url + url[len(self.endpoint_url.rstrip("/")) :]
        return url

    # -- direct multipart (browser → S3) -------------------------------------------------------

    def start_multipart(self, key: str, content_type: str) -> str:
        validate_key(key)
        try:
            return self._client.create_multipart_upload(
                Bucket=self.bucket, Key=key, ContentType=content_type
            )["UploadId"]
        except (BotoCoreError, ClientError) as exc:
            self._unavailable(exc)

    def presigned_part_url(self, key: str, upload_id: str, number: int, expires_s: int) -> str:
        validate_key(key)
        if not 1 <= number <= 10_000:
            raise ValueError("part numbers go from 1 to 10000")
        return self._public(
            self._client.generate_presigned_url(
                "upload_part",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "UploadId": upload_id,
                    "PartNumber": number,
                },
                ExpiresIn=min(expires_s, MAX_PRESIGN_SECONDS),
            )
        )

    def uploaded_parts(self, key: str, upload_id: str) -> list[UploadedPart]:
        validate_key(key)
        parts: list[UploadedPart] = []
        marker = 0
        try:
            while True:
                page = self._client.list_parts(
                    Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumberMarker=marker
                )
                for part in page.get("Parts", []):
                    parts.append(UploadedPart(part["PartNumber"], part["Size"], part["ETag"]))
                if not page.get("IsTruncated"):
                    return parts
                marker = page["NextPartNumberMarker"]
        except ClientError as exc:
            if _error_code(exc) == "NoSuchUpload":
                raise ObjectNotFound(key) from exc
            self._unavailable(exc)
        except BotoCoreError as exc:
            self._unavailable(exc)

    def complete_multipart(
        self, key: str, upload_id: str, parts: list[UploadedPart], content_type: str
    ) -> StoredObject:
        validate_key(key)
        try:
            self._client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={
                    "Parts": [{"ETag": p.etag, "PartNumber": p.number} for p in parts]
                },
            )
        except (BotoCoreError, ClientError) as exc:
            self._unavailable(exc)
        return self.stat(key)

    def abort_multipart(self, key: str, upload_id: str) -> None:
        validate_key(key)
        with contextlib.suppress(ClientError):
            self._client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)

    def ping(self) -> None:
        try:
            self._client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if _error_code(exc) in _BUCKET_MISSING_CODES:
                raise StorageUnavailable(f"{self._where()}: bucket does not exist") from exc
            self._unavailable(exc)
        except BotoCoreError as exc:
            self._unavailable(exc)
