"""The archive of a person's data: a ZIP written to a temporary file, never held in memory.

`data.json` has one key per module; `README.txt`, in the person's language, says what each
part holds; `files/<module>/...` holds their files, streamed from the object storage.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from infra.i18n.context import activated, gettext
from infra.personal_data import PersonalFile


class FileSource(Protocol):
    """The object storage, as the archive reads it (media.storage.port.ObjectStorage fits)."""

    def exists(self, key: str) -> bool: ...

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]: ...


def readme(language: str, parts: Mapping[str, str], with_files: bool) -> str:
    """What the archive holds, part by part, in `language`."""
    with activated(language):
        lines = [
            gettext("Vos données sur Lakou"),
            "",
            gettext(
                "Le fichier data.json contient une clé par partie de Lakou. Chaque clé "
                "regroupe les informations que cette partie garde sur vous :"
            ),
            "",
        ]
        lines += [f"- {name}: {gettext(description)}" for name, description in parts.items()]
        if with_files:
            lines += [
                "",
                gettext("Le dossier files contient les fichiers que vous avez envoyés."),
            ]
        lines += [
            "",
            gettext("Les dates sont en temps universel (UTC), les montants en centimes d'euro."),
        ]
    return "\n".join(lines) + "\n"


def write_archive(
    target: Path,
    data: Mapping[str, Any],
    readme_text: str,
    files: Iterable[tuple[str, PersonalFile]],
    storage: FileSource,
) -> Sequence[str]:
    """Write the ZIP at `target`; the archive names of the files put in it (a file gone from
    the storage since is left out)."""
    written: list[str] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme_text)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for module, file in files:
            if not storage.exists(file.key):
                continue
            name = f"files/{module}/{file.name}"
            # Media is compressed already: stored as is, streamed chunk by chunk.
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED
            with archive.open(info, "w", force_zip64=True) as out:
                for chunk in storage.read_range(file.key):
                    out.write(chunk)
            written.append(name)
    return written
