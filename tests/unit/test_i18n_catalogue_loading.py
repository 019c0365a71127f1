"""Catalogues are parsed once per process, and parsed again when a file changes."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from infra.i18n.catalogues import Catalogues, catalogue_path
from infra.i18n.languages import LANGUAGES


def _compile(locale_dir: Path, catalogue: str, text: str, stamp_ns: int) -> None:
    messages = Catalog(locale="en")
    messages.add("Écouter", text)
    target = catalogue_path(locale_dir, catalogue, "messages", "mo")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_mo(handle, messages)
    os.utime(target, ns=(stamp_ns, stamp_ns))


def test_a_recompiled_catalogue_is_read_again_and_an_unchanged_one_is_shared(
    tmp_path: Path,
) -> None:
    english = next(language for language in LANGUAGES if language.tag == "en")
    _compile(tmp_path, english.catalogue, "Listen", 1_000_000_000)
    first = Catalogues.load([tmp_path])
    assert first.translations("en").gettext("Écouter") == "Listen"
    assert Catalogues.load([tmp_path]) is first

    _compile(tmp_path, english.catalogue, "Play", 2_000_000_000)
    again = Catalogues.load([tmp_path])
    assert again.translations("en").gettext("Écouter") == "Play"
