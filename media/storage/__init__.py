"""Object storage: the port and key helpers.

Adapters are imported from their own modules (media.storage.local, media.storage.s3) so that
importing the port never pulls in boto3.
"""

from media.storage.keys import new_key, validate_key
from media.storage.port import (
    READ_CHUNK_SIZE,
    InvalidKey,
    ObjectNotFound,
    ObjectStorage,
    StorageUnavailable,
    StoredObject,
)

__all__ = [
    "READ_CHUNK_SIZE",
    "InvalidKey",
    "ObjectNotFound",
    "ObjectStorage",
    "StorageUnavailable",
    "StoredObject",
    "new_key",
    "validate_key",
]
