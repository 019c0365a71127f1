"""Split sheet rules: shares add to 100 %, 1-50 holders, known roles, Connect account ids."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from infra.csv_cells import safe_cell
from infra.errors import InvalidInput
from marketplace.revenue.domain.money import euros
from marketplace.revenue.domain.splits import (
    HolderInput,
    HolderRole,
    SplitSheet,
    owner_holder_id,
    validated_holders,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _code(holders: list[HolderInput]) -> str:
    with pytest.raises(InvalidInput) as caught:
        validated_holders(holders)
    return caught.value.code


def test_a_valid_sheet_gets_ids_and_keeps_its_order() -> None:
    holders = validated_holders(
        [
            HolderInput("Léna", "composer", 6000, payout_account="acct_1A2b3C4d5E6f7G8h"),
            HolderInput("  Studio Lakou ", "label", 4000),
        ]
    )
    assert [h.name for h in holders] == ["Léna", "Studio Lakou"]
    assert holders[1].role is HolderRole.LABEL
    assert len({h.holder_id for h in holders}) == 2


def test_each_mistake_has_its_own_code() -> None:
    assert _code([HolderInput("A", "author", 5000)]) == "shares_not_100"
    assert _code([HolderInput("A", "author", 10_000), HolderInput("B", "author", 0)]) == (
        "invalid_share"
    )
    assert _code([HolderInput("A", "drummer", 10_000)]) == "invalid_role"
    assert _code([HolderInput("A", "author", 10_000, payout_account="acct_x")]) == (
        "invalid_payout_account"
    )
    assert _code([HolderInput("A", "author", 10_000, payout_account="ba_123456789")]) == (
        "invalid_payout_account"
    )
    assert _code([HolderInput(" ", "author", 10_000)]) == "invalid_holder_name"
    assert _code([HolderInput("x" * 201, "author", 10_000)]) == "invalid_holder_name"
    assert _code([HolderInput(f"H{i}", "performer", 196) for i in range(51)]) == (
        "too_many_holders"
    )
    assert _code([]) == "no_holders"
    same = uuid4()
    assert _code(
        [HolderInput("A", "author", 5000, same), HolderInput("B", "author", 5000, same)]
    ) == ("duplicate_holder")


def test_fifty_holders_are_fine() -> None:
    holders = [HolderInput(f"H{i}", "performer", 200) for i in range(50)]
    assert len(validated_holders(holders)) == 50


def test_the_default_sheet_pays_the_owner_and_revisions_count_up() -> None:
    work, owner, by = uuid4(), uuid4(), uuid4()
    default = SplitSheet.default_for(work, owner, "Man Ya", NOW)
    assert default.is_default
    assert default.version == 0
    assert default.shares() == [(owner_holder_id(owner), 10_000)]
    assert default.holders[0].role is HolderRole.CREATOR
    assert default.collect_events() == []
    second = SplitSheet.revise(default, [HolderInput("Man Ya", "author", 10_000)], by, NOW)
    assert second.version == 1
    assert not second.is_default
    event = second.collect_events()[0]
    assert event.type == "split_sheet.updated"
    assert event.payload["version"] == 1


def test_statement_cells_cannot_become_formulas() -> None:
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+33") == "'+33"
    assert safe_cell("-1") == "'-1"
    assert safe_cell("@SUM") == "'@SUM"
    assert safe_cell("Bèlè lalin") == "Bèlè lalin"
    assert euros(-5) == "-0.05"
    assert euros(123456) == "1234.56"
    assert euros(0) == "0.00"
