"""Ready-made sync tiers: defaults, the rights holder's terms, what a partner may buy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from marketplace.licensing.sync import domain
from marketplace.licensing.sync.domain import LicenceState, SyncLicence, SyncTier, TierRefusal


def _licence(tier: SyncTier) -> SyncLicence:
    return SyncLicence(
        uuid4(), uuid4(), "Bèlè", domain.DEFAULTS[tier], domain.SCOPES[tier], "Clip",
        "Distrib Nord", uuid4(), uuid4(), uuid4(), LicenceState.PENDING, datetime.now(UTC),
    )  # fmt: skip


def test_every_tier_has_a_default_shared_half_and_half() -> None:
    menu = domain.menu({})
    assert [terms.tier for terms in menu] == list(SyncTier)
    assert all(terms.master_bp == terms.publishing_bp == 5000 for terms in menu)


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (("karaoke", 1000, 5000, True), TierRefusal.UNKNOWN_TIER),
        (("advertising", 99, 5000, True), TierRefusal.INVALID_PRICE),
        (("advertising", 1000, 10001, True), TierRefusal.INVALID_SIDES),
    ],
)
def test_bad_terms_are_refused_with_their_reason(
    args: tuple[str, int, int, bool], refusal: TierRefusal
) -> None:
    with pytest.raises(domain.TierError) as refused:
        domain.terms(*args)
    assert refused.value.refusal is refusal


def test_a_tier_turned_off_is_not_offered() -> None:
    off = domain.terms("broadcast", 300000, 4000, False)
    with pytest.raises(domain.TierError) as refused:
        domain.offered({SyncTier.BROADCAST: off}, SyncTier.BROADCAST)
    assert refused.value.refusal is TierRefusal.NOT_OFFERED
    assert domain.offered({}, SyncTier.ADVERTISING) == domain.DEFAULTS[SyncTier.ADVERTISING]


def test_paid_once_numbered_and_dated_for_its_term() -> None:
    licence = _licence(SyncTier.ADVERTISING)
    paid = licence.paid(uuid4(), date(2027, 1, 31))
    assert paid.state is LicenceState.PAID
    assert paid.number.startswith("LKS-2027-")
    assert paid.ends_on == date(2028, 1, 30)  # twelve months
    assert paid.paid(uuid4(), date(2027, 2, 1)) is paid  # a second payment changes nothing
    assert _licence(SyncTier.PERSONAL_WEB).paid(uuid4(), date(2027, 1, 1)).ends_on is None
    assert domain.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
