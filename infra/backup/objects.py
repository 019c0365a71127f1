"""What a backup needs from the object storage: list, read and write whole objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol


class BackupObjects(Protocol):
    def keys(self) -> Iterator[str]:
        """Every object's key, in any order."""
        ...

    def content_type(self, key: str) -> str: ...

    def read(self, key: str) -> Iterator[bytes]:
        """The object's bytes, in chunks."""
        ...

    def write(self, key: str, chunks: Iterable[bytes], content_type: str) -> None: ...


@dataclass(frozen=True)
class ObjectEntry:
    """One object in an archive's storage manifest, and the archive that holds its bytes."""

    key: str
    size: int
    sha256: str
    content_type: str
    archive: str

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "size": self.size,
            "sha256": self.sha256,
            "content_type": self.content_type,
            "archive": self.archive,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ObjectEntry:
        return cls(
            key=str(data["key"]),
            size=int(str(data["size"])),
            sha256=str(data["sha256"]),
            content_type=str(data["content_type"]),
            archive=str(data["archive"]),
        )
