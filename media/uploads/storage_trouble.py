"""What an upload answers when storage fails: not the request's fault, nothing half-written."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator

from infra.errors import AppError
from media.errors import MediaError
from media.storage.port import StorageUnavailable


class StorageFull(AppError):
    """507 Insufficient Storage: the disk (staging or storage) is full, not the request wrong."""

    status_code = 507


class StorageDown(AppError):
    """503: the object storage did not answer (its client already retried); try again."""

    status_code = 503


_FULL = {errno.ENOSPC, errno.EDQUOT}


@contextlib.contextmanager
def storage_trouble_answered() -> Iterator[None]:
    """A full disk is a 507, an object storage down a 503: neither is the request's fault,
    and neither leaves anything half-written (the adapters remove their partial writes)."""
    try:
        yield
    except StorageUnavailable as error:
        raise StorageDown(MediaError.STORAGE_UNAVAILABLE) from error
    except OSError as error:
        if error.errno in _FULL:
            raise StorageFull(MediaError.STORAGE_FULL) from error
        raise
