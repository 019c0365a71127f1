"""Every message of every module is translated into English, Spanish and Martinican Creole,
and the catalogues are what extraction gives today.

A translation equal to its French source is refused unless the entry says why
(`# identical: …`); placeholders must match the source's; Creole keeps its one plural form.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from infra.i18n.catalogues import DOMAINS, catalogue_path
from lakou.messages import TRANSLATED, CatalogueHome, extract, homes
from lakou.modules import CORE_MODULES

HOMES = homes(CORE_MODULES)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _catalogues() -> Iterator[tuple[CatalogueHome, str, str, Path]]:
    for home in HOMES:
        for domain in DOMAINS:
            if not (home.locale / f"{domain}.pot").exists():
                continue
            for language in TRANSLATED:
                path = catalogue_path(home.locale, language.catalogue, domain, "po")
                yield home, domain, language.catalogue, path


CATALOGUES = list(_catalogues())


def _key(message: Message) -> tuple[str, str]:
    """Context and msgid; a plural's forms joined, so a plural turned singular is a change."""
    msgid = message.id if isinstance(message.id, str) else "\x00".join(message.id)
    return message.context or "", msgid


def _texts(message: Message) -> list[str]:
    if isinstance(message.string, str):
        return [message.string]
    return list(message.string or ())


def _ids(message: Message) -> list[str]:
    return [message.id] if isinstance(message.id, str) else list(message.id)


def test_every_module_with_text_has_catalogues() -> None:
    names = {home.name for home, *_ in CATALOGUES}
    for expected in ("platform", "accounts", "catalogue", "orders", "studio", "search", "media"):
        assert expected in names, f"{expected} has no catalogue: run `make messages`"


@pytest.mark.parametrize(
    ("home", "domain", "language", "path"),
    CATALOGUES,
    ids=[f"{home.name}-{domain}-{language}" for home, domain, language, _ in CATALOGUES],
)
def test_every_message_is_translated(
    home: CatalogueHome, domain: str, language: str, path: Path
) -> None:
    assert path.exists(), f"{path} is missing: run `make messages`"
    template = _read(home.locale / f"{domain}.pot")
    catalog = _read(path, locale=language if language != "gcf" else None)
    expected = {_key(message) for message in template if message.id}
    present = {_key(message) for message in catalog if message.id}
    assert expected - present == set(), f"{path}: not updated from its template"
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        texts = _texts(message)
        label = f"{path}: {message.id!r}"
        if message.fuzzy:
            problems.append(f"{label} is fuzzy")
        if not texts or not all(texts):
            problems.append(f"{label} has no translation")
            continue
        source = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for text in texts:
            if set(PLACEHOLDER.findall(text)) != source:
                problems.append(f"{label}: placeholders {source} but {text!r}")
        if any(text in _ids(message) for text in texts) and not any(
            comment.startswith("identical:") for comment in message.user_comments
        ):
            problems.append(f"{label} is the French text (add `# identical: <why>` if meant)")
    if language == "gcf":
        assert catalog.num_plurals == 1, f"{path}: Creole nouns have one form"
    assert problems == []


def test_catalogues_are_current_with_the_code(tmp_path: Path) -> None:
    """Extracting again finds no message the catalogues lack (someone forgot `make messages`)."""
    for home in HOMES:
        copy = tmp_path / home.name
        shutil.copytree(home.locale, copy / "locale") if home.locale.exists() else None
        fresh = CatalogueHome(home.name, home.source, copy / "locale", home.also)
        extract(fresh)
        for domain in DOMAINS:
            new_template = fresh.locale / f"{domain}.pot"
            old_template = home.locale / f"{domain}.pot"
            if not new_template.exists():
                assert not old_template.exists(), f"{old_template}: no message left, remove it"
                continue
            assert old_template.exists(), f"{home.name} {domain}: run `make messages`"
            new = {_key(m) for m in _read(new_template) if m.id}
            old = {_key(m) for m in _read(old_template) if m.id}
            assert new == old, f"{home.name} {domain}: run `make messages` ({new ^ old})"


def test_one_french_text_has_one_translation_across_modules() -> None:
    """Catalogues are merged per language at start-up: two modules must not disagree."""
    for language in TRANSLATED:
        seen: dict[tuple[str, str], tuple[str, list[str]]] = {}
        for home, domain, catalogue, path in CATALOGUES:
            if catalogue != language.catalogue or domain != "messages":
                continue
            for message in _read(path, locale=None):
                if not message.id:
                    continue
                key, texts = _key(message), _texts(message)
                if key in seen:
                    other, other_texts = seen[key]
                    assert other_texts == texts, (
                        f"{language.tag}: {key[1]!r} is {other_texts} in {other} but {texts} "
                        f"in {home.name}; use a message context if the meanings differ"
                    )
                seen[key] = (home.name, texts)
