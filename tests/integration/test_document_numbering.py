"""Document numbers: one series per issuer and year, without gaps and without duplicates, even
when allocations race or a transaction rolls back."""

from __future__ import annotations

import asyncio

import pytest

from infra.db.engine import write_transaction
from lakou.bootstrap import Container
from marketplace.documents.numbering import next_sequence


class Abandoned(Exception):
    """Raised inside a transaction to roll it back."""


async def _allocate(container: Container, issuer: str, year: int) -> int:
    async with write_transaction(container.engine):
        return await next_sequence(issuer, year)


async def test_each_issuer_and_year_has_its_own_series(container: Container) -> None:
    assert [await _allocate(container, "LK", 2026) for _ in range(3)] == [1, 2, 3]
    assert await _allocate(container, "LK", 2027) == 1
    assert await _allocate(container, "MK", 2026) == 1
    assert await _allocate(container, "LK", 2026) == 4


async def _allocate_then_fail(container: Container, issuer: str, year: int) -> None:
    async with write_transaction(container.engine):
        await next_sequence(issuer, year)
        raise Abandoned


async def test_a_rolled_back_allocation_leaves_no_gap(container: Container) -> None:
    assert await _allocate(container, "LK", 2026) == 1
    with pytest.raises(Abandoned):
        await _allocate_then_fail(container, "LK", 2026)
    # The first number of a year rolled back too: the counter row goes with it.
    with pytest.raises(Abandoned):
        await _allocate_then_fail(container, "LK", 2030)
    assert await _allocate(container, "LK", 2026) == 2
    assert await _allocate(container, "LK", 2030) == 1


@pytest.mark.postgres_only
async def test_concurrent_allocations_never_share_a_number(container: Container) -> None:
    # Each transaction holds its own pooled connection; the counter row's lock serialises them.
    # The first round also races on creating the year's counter row.
    first = await asyncio.gather(*(_allocate(container, "LK", 2026) for _ in range(12)))
    second = await asyncio.gather(*(_allocate(container, "LK", 2026) for _ in range(12)))
    assert sorted(first + second) == list(range(1, 25))


async def test_allocations_in_turn_on_any_engine_never_share_a_number(
    container: Container,
) -> None:
    # SQLite has one writer at a time: gathered transactions queue for the write lock.
    numbers = await asyncio.gather(*(_allocate(container, "LK", 2026) for _ in range(8)))
    assert sorted(numbers) == list(range(1, 9))
