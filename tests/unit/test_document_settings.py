"""Lakou's legal identity on receipts: read from LAKOU_DOCUMENTS_*, checked, and required in
production unless the operator accepts the `unnamed-seller` risk by name."""

from __future__ import annotations

import pytest

from infra.settings import SettingsError, SettingsReader
from marketplace.documents.settings import DocumentSettings

# A well-formed identity (the numbers pass their checksums; they name no real company here).
IDENTITY = {
    "LAKOU_DOCUMENTS_LEGAL_NAME": "Lakou SAS",
    "LAKOU_DOCUMENTS_ADDRESS": "12 rue Victor Hugo | 97200 Fort-de-France | Martinique",
    "LAKOU_DOCUMENTS_SIRET": "732 829 320 00074",
    "LAKOU_DOCUMENTS_VAT_NUMBER": "FR 44 732829320",
    "LAKOU_DOCUMENTS_RCS": "RCS Fort-de-France 732 829 320",
}


def read(**variables: str) -> DocumentSettings:
    return DocumentSettings.read(SettingsReader(variables))


def test_the_identity_is_read_and_normalised() -> None:
    settings = read(**IDENTITY)
    seller = settings.seller
    assert seller.legal_name == "Lakou SAS"
    assert seller.address == ("12 rue Victor Hugo", "97200 Fort-de-France", "Martinique")
    assert seller.siret == "73282932000074"
    assert seller.siren == "732829320"  # from the SIRET
    assert seller.vat_number == "FR44732829320"
    assert seller.complete
    assert settings.number_prefix == "LK"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LAKOU_DOCUMENTS_SIRET", "73282932000075"),  # checksum
        ("LAKOU_DOCUMENTS_SIREN", "12345"),
        ("LAKOU_DOCUMENTS_VAT_NUMBER", "FR00732829320"),
        ("LAKOU_DOCUMENTS_NUMBER_PREFIX", "L-K"),
    ],
)
def test_a_wrong_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        read(**{variable: value})


def test_development_issues_receipts_under_a_placeholder_identity() -> None:
    seller = read().seller
    assert seller.legal_name == "Lakou"
    assert not seller.complete


def test_production_refuses_an_unnamed_seller() -> None:
    with pytest.raises(SettingsError) as refused:
        read(LAKOU_ENV="production", LAKOU_DOCUMENTS_LEGAL_NAME="Lakou SAS")
    message = str(refused.value)
    assert "LAKOU_DOCUMENTS_SIRET" in message
    assert "LAKOU_DOCUMENTS_LEGAL_NAME" not in message.split(" must ")[0]
    assert "LAKOU_ACCEPT_RISKS=unnamed-seller" in message


def test_production_starts_with_the_identity_or_the_accepted_risk() -> None:
    assert read(LAKOU_ENV="production", **IDENTITY).seller.complete
    accepted = read(LAKOU_ENV="production", LAKOU_ACCEPT_RISKS="unnamed-seller")
    assert not accepted.seller.complete
