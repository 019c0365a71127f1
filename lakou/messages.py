"""`lakou messages`: each module's gettext catalogues, kept with Babel's `pybabel`.

`extract` writes a module's templates (`<domain>.pot`) from its Python code and page templates
(`messages`) and its page scripts (`js`), then brings every language's `.po` up to date;
`compile` makes the `.mo` files the server reads (run by `make install`; they are not
committed). Martinican Creole has no CLDR locale, which `pybabel init` refuses: its catalogues
are started here with their own Plural-Forms (Creole nouns do not change in the plural).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

import infra
from infra.i18n.catalogues import DOMAINS, catalogue_path
from infra.i18n.languages import LANGUAGES, SOURCE
from infra.modules import ModuleSpec

PLATFORM_DIR = Path(infra.__file__).parent
# Every catalogue but the French source.
TRANSLATED = tuple(language for language in LANGUAGES if language.tag != SOURCE)
CREOLE_PLURALS = (1, "0")
# What each domain is extracted from, relative to the module's folder (Babel mapping syntax).
MAPPINGS = {
    # Mail bodies are text templates (`.txt`) beside the pages.
    "messages": (
        "[python: **.py]\n[jinja2: **/templates/**.html]\nsilent = false\n"
        "[jinja2: **/templates/**.txt]\nsilent = false\n"
    ),
    "js": "[javascript: **/static/**.js]\n",
}
# Messages a module names (error codes, labels) use the same keywords as the code that shows them.
KEYWORDS = ("_", "gettext", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3", "N_")


@dataclass(frozen=True)
class CatalogueHome:
    """A folder whose code and templates feed one set of catalogues."""

    name: str
    source: Path
    locale: Path
    also: tuple[Path, ...] = ()


def homes(modules: Sequence[ModuleSpec]) -> list[CatalogueHome]:
    """The platform's own (base template, generic errors, shared script) and each module's."""
    found = [CatalogueHome("platform", PLATFORM_DIR, PLATFORM_DIR / "locale")]
    for spec in modules:
        folder = spec.locale or _package_dir(spec.package) / "locale"
        if folder.parent != PLATFORM_DIR and not folder.parent.is_relative_to(PLATFORM_DIR):
            also = tuple(_package_dir(package) for package in spec.also_translates)
            found.append(CatalogueHome(spec.name, folder.parent, folder, also))
    return found


def _package_dir(package: str) -> Path:
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise click.ClickException(f"package {package} not found")
    return Path(next(iter(found.submodule_search_locations)))


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])  # type: ignore[no-untyped-call]


def nested_modules(source: Path) -> list[Path]:
    """Folders under `source` that are modules of their own (a `module.py`, e.g. `accounts/audit`):
    their text goes to their own catalogues, not to the enclosing module's."""
    return sorted(spec.parent for spec in source.glob("*/**/module.py"))


@contextlib.contextmanager
def _mapping(domain: str, skipped: Sequence[str] = ()) -> Iterator[str]:
    # Babel takes the first pattern that matches a file: the skipped folders come first.
    ignored = "".join(f"[ignore: {folder}/**]\n" for folder in skipped)
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as handle:
        handle.write(ignored + MAPPINGS[domain])
    try:
        yield handle.name
    finally:
        Path(handle.name).unlink()


def extract(home: CatalogueHome) -> None:
    """Extract into a temporary template first: a module with no text gets no catalogue."""
    with tempfile.TemporaryDirectory() as folder:
        for domain in DOMAINS:
            _extract_domain(home, domain, Path(folder) / f"{domain}.pot")


def _extract_domain(home: CatalogueHome, domain: str, extracted: Path) -> None:
    template = home.locale / f"{domain}.pot"
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    skipped = [folder.relative_to(home.source).as_posix() for folder in nested_modules(home.source)]
    with _mapping(domain, skipped) as mapping:
        _pybabel(
            "extract",
            "--no-default-keywords",
            *keywords,
            "-F",
            mapping,
            "--add-location=file",
            "--sort-by-file",
            "--no-wrap",
            "--project=Lakou",
            "--copyright-holder=Lakou",
            "-o",
            str(extracted),
            os.path.relpath(home.source),
            *(os.path.relpath(path) for path in home.also),
        )
    if not _has_messages(extracted):
        template.unlink(missing_ok=True)
        return
    home.locale.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(extracted, template)
    for language in TRANSLATED:
        catalogue = catalogue_path(home.locale, language.catalogue, domain, "po")
        if not catalogue.exists():
            _start_catalogue(template, catalogue, language.catalogue)
        if language.catalogue == "gcf":
            _update_creole(template, catalogue)
            continue
        _pybabel(
            "update",
            "-i",
            str(template),
            "-o",
            str(catalogue),
            "-l",
            language.catalogue,
            "-D",
            domain,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            "--no-wrap",
        )


def _update_creole(template: Path, catalogue: Path) -> None:
    """`pybabel update` for a catalogue whose language CLDR does not know: the same steps."""
    with template.open("rb") as handle:
        messages = read_po(handle)
    with catalogue.open("rb") as handle:
        catalog = read_po(handle, locale="gcf")
    catalog.update(messages, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    _creole_plurals(catalog)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_lineno=False)
    catalogue.write_bytes(buffer.getvalue())


def _creole_plurals(catalog: Catalog) -> None:
    # Babel takes plural forms from CLDR, which has no Creole: set them on the catalogue.
    catalog._num_plurals, catalog._plural_expr = CREOLE_PLURALS  # type: ignore[assignment]


def _has_messages(template: Path) -> bool:
    with template.open("rb") as handle:
        return any(message.id for message in read_po(handle))


def _start_catalogue(template: Path, catalogue: Path, name: str) -> None:
    with template.open("rb") as handle:
        catalog = read_po(handle)
    catalog.locale = name
    if name == "gcf":
        _creole_plurals(catalog)
        catalog.language_team = "Kréyòl matinik <lakou@lakou.mq>"
    catalog.fuzzy = False
    catalogue.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_lineno=False)
    catalogue.write_bytes(buffer.getvalue())


def compile_all(home: CatalogueHome) -> None:
    for domain in DOMAINS:
        for language in TRANSLATED:
            catalogue = catalogue_path(home.locale, language.catalogue, domain, "po")
            if catalogue.exists():
                output = catalogue.with_suffix(".mo")
                _pybabel("compile", "-i", str(catalogue), "-o", str(output), "-D", domain)


@click.group("messages", help="Keep the modules' gettext catalogues (pybabel).")
def messages() -> None:
    pass


@messages.command("extract", help="Extract each module's messages and update every catalogue.")
@click.option(
    "--module",
    "names",
    multiple=True,
    help="Only these modules (`platform` for the base templates and generic errors).",
)
def extract_command(names: tuple[str, ...]) -> None:
    for home in homes(_modules()):
        if names and home.name not in names:
            continue
        click.echo(f"{home.name}: {home.locale}")
        extract(home)


@messages.command("compile", help="Compile every catalogue to .mo (done by `make install`).")
def compile_command() -> None:
    for home in homes(_modules()):
        compile_all(home)


def _modules() -> tuple[ModuleSpec, ...]:
    # Every core module: catalogues are kept whether or not a deployment enables a module.
    from lakou.modules import CORE_MODULES

    return CORE_MODULES
