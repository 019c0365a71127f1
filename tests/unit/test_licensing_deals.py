"""The licence deal's state machine, pure: who may move it where, and what is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from marketplace.licensing.deals.domain import (
    Deal,
    DealFault,
    DealRefused,
    DealState,
    Offer,
    Paperwork,
    Side,
    Stage,
    stage_of,
)
from marketplace.licensing.domain import Grant, Period

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)
PARTNER, RIGHTS = uuid4(), uuid4()


def _deal() -> Deal:
    grant = Grant("svod", "*", frozenset({"CA"}), Period.inclusive(date(2027, 1, 1), None), True)
    return Deal(
        id=uuid4(),
        work_id=uuid4(),
        grant=grant,
        territory="CA",
        partner_org_id=uuid4(),
        partner_user_id=PARTNER,
        licensee="Distrib Montréal",
        rights_user_id=RIGHTS,
        signatory_id=uuid4(),
        intended_use="",
        budget_cents=None,
        state=DealState.REQUESTED,
        offer=None,
        note="",
        order_id=None,
        created_at=NOW,
        updated_at=NOW,
    )


def _offer(days: int = 7, price: int = 100_000) -> Offer:
    return Offer(price, "", NOW + timedelta(days=days))


def _refused(fault: DealFault) -> Any:
    return pytest.raises(DealRefused, match=fault.value)


def test_request_offer_accept_paid_is_the_happy_path() -> None:
    deal = _deal().offered(_offer(), NOW)
    assert deal.state is DealState.OFFERED
    deal = deal.offered(_offer(price=90_000), NOW)  # quoted again before acceptance
    assert deal.offer is not None
    assert deal.offer.price_cents == 90_000
    deal = deal.accepted(NOW)
    assert deal.state is DealState.ACCEPTED
    assert deal.holds_window
    order = uuid4()
    licensed = deal.licensed(order, NOW)
    assert (licensed.state, licensed.order_id) == (DealState.LICENSED, order)
    assert licensed.refunded(NOW).state is DealState.CANCELLED


def test_nothing_to_accept_before_an_offer_and_an_expired_offer_stays_unaccepted() -> None:
    with _refused(DealFault.NOT_YOUR_TURN):
        _deal().accepted(NOW)
    offered = _deal().offered(_offer(days=1), NOW)
    with _refused(DealFault.OFFER_EXPIRED):
        offered.accepted(NOW + timedelta(days=1))
    assert offered.accepted(NOW + timedelta(hours=23)).state is DealState.ACCEPTED


@pytest.mark.parametrize("price", [0, -1, 10_000_000_01])
def test_a_price_outside_its_range_is_refused(price: int) -> None:
    with _refused(DealFault.INVALID_PRICE):
        _deal().offered(_offer(price=price), NOW)


def test_an_offer_expiring_already_is_refused() -> None:
    with _refused(DealFault.INVALID_EXPIRY):
        _deal().offered(_offer(days=0), NOW)


def test_final_states_accept_no_move() -> None:
    declined = _deal().declined("non", NOW)
    licensed = _deal().offered(_offer(), NOW).accepted(NOW).licensed(uuid4(), NOW)
    for deal in (declined, licensed, _deal().cancelled(NOW)):
        for move in (
            lambda d: d.offered(_offer(), NOW),
            lambda d: d.declined("", NOW),
            lambda d: d.cancelled(NOW),
        ):
            with _refused(DealFault.WRONG_STATE):
                move(deal)
    with _refused(DealFault.WRONG_STATE):
        _deal().licensed(uuid4(), NOW)  # only an accepted deal is paid


def test_only_accepted_and_licensed_deals_hold_their_window() -> None:
    offered = _deal().offered(_offer(), NOW)
    assert not _deal().holds_window
    assert not offered.holds_window
    assert offered.accepted(NOW).holds_window
    assert not offered.accepted(NOW).cancelled(NOW).holds_window


def test_sides() -> None:
    deal = _deal()
    # The partner side is whoever belongs to the partner organisation now, asker or not.
    assert deal.side_of(PARTNER, partner_member=True) is Side.PARTNER
    assert deal.side_of(uuid4(), partner_member=True) is Side.PARTNER
    assert deal.side_of(PARTNER) is None  # the asker, once removed from the organisation
    assert deal.side_of(RIGHTS) is Side.RIGHTS
    assert deal.side_of(uuid4()) is None
    assert deal.side_of(uuid4(), staff=True) is Side.RIGHTS


def test_the_member_who_pays_is_the_only_buyer_and_only_while_accepted() -> None:
    offered = _deal().offered(_offer(), NOW)
    assert offered.accepted(NOW).buyer_id == PARTNER  # the asker until another member pays
    colleague = uuid4()
    assert offered.accepted(NOW).paid_by(colleague, NOW).buyer_id == colleague
    with _refused(DealFault.WRONG_STATE):
        offered.paid_by(colleague, NOW)
    with _refused(DealFault.WRONG_STATE):
        offered.accepted(NOW).licensed(uuid4(), NOW).paid_by(colleague, NOW)


def test_stages_refine_an_accepted_deal_by_its_paperwork() -> None:
    assert stage_of(DealState.REQUESTED, Paperwork()) is Stage.REQUESTED
    assert stage_of(DealState.OFFERED, Paperwork()) is Stage.QUOTED
    assert stage_of(DealState.ACCEPTED, Paperwork()) is Stage.ACCEPTED
    assert stage_of(DealState.ACCEPTED, Paperwork(contract_drawn=True)) is Stage.CONTRACT
    assert stage_of(DealState.ACCEPTED, Paperwork(True, invoiced=True)) is Stage.INVOICED
    assert stage_of(DealState.LICENSED, Paperwork(True, True)) is Stage.LICENSED
    for closed in (DealState.DECLINED, DealState.CANCELLED):
        assert stage_of(closed, Paperwork()) is Stage.CLOSED


def test_a_mandate_held_by_an_organisation_makes_its_members_the_rights_side() -> None:
    deal = replace(_deal(), rights_org_id=uuid4())
    assert deal.side_of(uuid4(), rights_member=True) is Side.RIGHTS
    # The work's owner answers only while a member of the organisation holding the mandate.
    assert deal.side_of(RIGHTS) is None
    assert deal.side_of(RIGHTS, rights_member=True) is Side.RIGHTS
    assert deal.side_of(uuid4(), staff=True) is Side.RIGHTS
    assert deal.side_of(uuid4(), partner_member=True, rights_member=True) is Side.PARTNER
