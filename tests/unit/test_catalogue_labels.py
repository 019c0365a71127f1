"""Every catalogue code a page shows has a label, translated in the active language."""

from __future__ import annotations

from pathlib import Path

import marketplace.catalogue
from infra.i18n.catalogues import Catalogues
from infra.i18n.context import activated, install, installed
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS, Discipline
from marketplace.catalogue.errors import LazyText
from marketplace.catalogue.labels import (
    CREATOR_KIND_LABELS,
    CREDIT_ROLE_LABELS,
    VISIBILITY_LABELS,
    WORK_STATUS_LABELS,
    work_status_label,
)
from marketplace.catalogue.values import CreatorKind, CreditRole, Visibility, WorkStatus
from marketplace.imports.row_fields import ENGLISH_DISCIPLINES


def test_every_code_has_a_label() -> None:
    assert set(WORK_STATUS_LABELS) == {status.value for status in WorkStatus}
    assert set(VISIBILITY_LABELS) == {visibility.value for visibility in Visibility}
    assert set(CREATOR_KIND_LABELS) == {kind.value for kind in CreatorKind}
    assert set(CREDIT_ROLE_LABELS) == {role.value for role in CreditRole}
    assert set(DISCIPLINE_LABELS) == set(Discipline) == set(ENGLISH_DISCIPLINES)


def test_an_unknown_code_reads_as_itself() -> None:
    assert work_status_label("archived") == "archived"
    assert work_status_label("draft") == "Brouillon"


def test_lazy_text_is_translated_when_written_out() -> None:
    before = installed()
    install(Catalogues.load([Path(marketplace.catalogue.__file__).parent / "locale"]))
    try:
        text = LazyText(
            "%(length)s caractères, plus que les %(max)s permis", {"length": 5, "max": 4}
        )
        assert str(text) == "5 caractères, plus que les 4 permis"
        with activated("en"):
            assert str(text) == "5 characters, more than the 4 allowed"
            assert work_status_label("published") == "Published"
        with activated("gcf-MQ"):
            assert work_status_label("published") == "Pibliyé"
    finally:
        install(before)
