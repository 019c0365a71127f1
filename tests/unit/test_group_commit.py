"""The webhooks' group commit: concurrent callers' items are written together, each caller
returns once its own items are written, and a failed write fails exactly its batch's callers."""

from __future__ import annotations

import asyncio

import pytest

from marketplace.webhooks.batching import GroupCommit


async def test_concurrent_callers_share_writes_and_return_once_their_items_are_written() -> None:
    writes: list[list[int]] = []

    async def write(items: list[int]) -> None:
        await asyncio.sleep(0)  # a database round trip: the others queue meanwhile
        writes.append(items)

    group = GroupCommit(write)

    async def caller(number: int) -> int:
        await group.add([number])
        assert any(number in batch for batch in writes)  # written before the caller returns
        return number

    assert await asyncio.gather(*(caller(n) for n in range(10))) == list(range(10))
    assert sorted(item for batch in writes for item in batch) == list(range(10))
    assert len(writes) == 2  # the first caller's item, then the nine queued while it wrote


async def test_a_batch_is_capped_and_a_failed_write_fails_only_its_callers() -> None:
    writes: list[list[int]] = []

    async def write(items: list[int]) -> None:
        await asyncio.sleep(0)
        if 3 in items:
            raise RuntimeError("the database refused")
        writes.append(items)

    group = GroupCommit(write, most=2)
    outcomes = await asyncio.gather(*(group.add([n]) for n in range(6)), return_exceptions=True)
    failed = [n for n, outcome in enumerate(outcomes) if isinstance(outcome, RuntimeError)]
    assert all(len(batch) <= 2 for batch in writes)
    # The batch holding 3 failed as a whole; every other item was written.
    assert 3 in failed
    assert len(failed) <= 2
    assert sorted(item for batch in writes for item in batch) == sorted(set(range(6)) - set(failed))


async def test_nothing_to_write_returns_at_once() -> None:
    async def write(items: list[int]) -> None:
        pytest.fail("an empty batch was written")

    await GroupCommit(write).add([])
