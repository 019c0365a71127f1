"""Loading the modules' compiled catalogues into one set of translations per language.

Each module keeps its own gettext domains under `<module>/locale/<catalogue>/LC_MESSAGES/`:
`messages` for Python and templates, `js` for its page scripts. At start-up the catalogues of
every enabled module are merged per language, so a lookup is one dictionary access whatever
module the message came from (two modules translating one French text differently is caught by
the catalogue tests). Compiled `.mo` files are made by `make install` (`lakou messages
compile`); a catalogue with no `.mo` yet is compiled in memory from its `.po`, with a warning.
"""

from __future__ import annotations

import gettext
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from infra.i18n.languages import LANGUAGES, SOURCE

log = logging.getLogger("lakou.i18n")

DOMAINS = ("messages", "js")

# The last catalogues loaded for each set of folders, with their files' signature.
_LOADED: dict[tuple[Path, ...], tuple[tuple[tuple[str, int, int], ...], Catalogues]] = {}


class FrenchSource(gettext.NullTranslations):
    """The source language: a message is its own French text. French plurals take the
    singular for 0 and 1 (CLDR), where gettext's built-in fallback would say "0 résultats"."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if -2 < n < 2 else msgid2

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


def catalogue_path(locale_dir: Path, catalogue: str, domain: str, suffix: str) -> Path:
    return locale_dir / catalogue / "LC_MESSAGES" / f"{domain}.{suffix}"


def _read_compiled(locale_dir: Path, catalogue: str, domain: str) -> Translations | None:
    compiled = catalogue_path(locale_dir, catalogue, domain, "mo")
    source = catalogue_path(locale_dir, catalogue, domain, "po")
    if compiled.exists() and (
        not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as handle:
            return Translations(handle, domain=domain)
    if not source.exists():
        return None
    log.warning("catalogue %s not compiled (run `make install`): reading its .po", source)
    with source.open("rb") as handle:
        catalog = read_po(handle, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


def _files_signature(dirs: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """Each catalogue file's path, size and modification time: a recompiled catalogue (or a
    `.po` edited after its `.mo`) is parsed again."""
    found = []
    for locale_dir in dirs:
        for path in sorted(locale_dir.glob("*/LC_MESSAGES/*.[mp]o")):
            stat = path.stat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@dataclass(eq=False)
class Catalogues:
    """Per interface language and domain, every enabled module's translations merged."""

    by_language: dict[tuple[str, str], gettext.NullTranslations] = field(default_factory=dict)
    source: FrenchSource = field(default_factory=FrenchSource)

    @classmethod
    def load(cls, locale_dirs: Iterable[Path]) -> Catalogues:
        """The merged catalogues of these folders, parsed once per process while their files
        stay the same: a process that builds several containers (the test suite builds one per
        test, the CLI one per command) would otherwise parse every module's `.mo` files again,
        about a tenth of a second each time. Loaded catalogues are only read."""
        dirs = tuple(path for path in locale_dirs if path.is_dir())
        signature = _files_signature(dirs)
        cached = _LOADED.get(dirs)
        if cached is None or cached[0] != signature:
            cached = _LOADED[dirs] = (signature, cls._parse(dirs))
        return cached[1]

    @classmethod
    def _parse(cls, dirs: tuple[Path, ...]) -> Catalogues:
        catalogues = cls()
        for language in LANGUAGES:
            if language.tag == SOURCE:
                continue
            for domain in DOMAINS:
                merged: Translations | None = None
                for locale_dir in dirs:
                    found = _read_compiled(locale_dir, language.catalogue, domain)
                    if found is None:
                        continue
                    if merged is None:
                        merged = found
                    else:
                        merged.merge(found)
                if merged is not None:
                    merged.add_fallback(catalogues.source)
                    catalogues.by_language[(language.tag, domain)] = merged
        return catalogues

    def translations(self, tag: str, domain: str = "messages") -> gettext.NullTranslations:
        return self.by_language.get((tag, domain), self.source)

    def messages(self, tag: str, domain: str) -> dict[str, str | list[str]]:
        """A domain's translations as JSON-ready data for the page scripts: msgid → text, or
        the list of plural forms; `\\x04` joins a context and its msgid, as in .mo files."""
        found = self.by_language.get((tag, domain))
        if not isinstance(found, gettext.GNUTranslations):
            return {}
        plain: dict[str, str | list[str]] = {}
        plurals: dict[str, dict[int, str]] = {}
        catalog: dict[object, str] = found._catalog  # type: ignore[attr-defined]
        for key, text in catalog.items():
            if isinstance(key, tuple):
                msgid, index = key
                plurals.setdefault(msgid, {})[index] = text
            elif key:
                plain[str(key)] = text
        for msgid, forms in plurals.items():
            plain[msgid] = [forms[index] for index in sorted(forms)]
        return plain
