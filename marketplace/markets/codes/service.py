"""Use cases for stand codes: a batch made, printed, sold at the stand or voided, then each
code redeemed into a library (docs/decisions.md, "Markets", stand codes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from infra.i18n.formatting import money
from infra.ids import new_id
from marketplace.markets.codes.domain import (
    MAX_CODES,
    MAX_PRICE_CENTS,
    MIN_CODES,
    MIN_PRICE_CENTS,
    Batch,
    BatchState,
    CodeKeys,
    Redemption,
    normalise,
    redemption_source,
)
from marketplace.markets.codes.ports import Attempts, Library, Sales
from marketplace.markets.codes.repository import CodeRepository
from marketplace.markets.codes.sellable import code_item, sale_item
from marketplace.markets.domain import EDITABLE_STATES, Market
from marketplace.markets.errors import MarketError
from marketplace.markets.ports import Catalogue, WorkFacts
from marketplace.markets.stand import Stand
from marketplace.markets.stands import StandService

MARTINIQUE = ZoneInfo("America/Martinique")
# Sold in person at a stand in Martinique: Martinique's VAT.
STAND_COUNTRY = "MQ"
# Guessing a 65-bit code is hopeless; these only keep someone from trying.
PER_PERSON = (10, 900)  # attempts, window in seconds
PER_ADDRESS = (30, 900)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class StandBatches:
    stand: Stand
    market: Market
    batches: list[Batch]
    works: dict[UUID, WorkFacts]  # the stand's works, for the form and the batches' titles


@dataclass(frozen=True)
class Sheet:
    batch: Batch
    market: Market
    stand: Stand
    work: WorkFacts
    codes: list[str]  # in their places on the sheet


@dataclass(frozen=True)
class Redeemed:
    batch: Batch
    work: WorkFacts | None


class StandCodes:
    def __init__(
        self,
        stands: StandService,
        repository: CodeRepository,
        keys: CodeKeys,
        catalogue: Catalogue,
        sales: Sales,
        library: Library,
        attempts: Attempts,
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._stands = stands
        self._repo = repository
        self._keys = keys
        self._catalogue = catalogue
        self._sales = sales
        self._library = library
        self._attempts = attempts
        self._uow = unit_of_work
        self._now = now

    async def create(
        self, who: Principal, stand_id: UUID, work_id: UUID, size: int, price_cents: int
    ) -> Batch:
        """A batch of `size` codes for a work on the exhibitor's stand, at a price per code."""
        stand, market = await self._stands.editable(who, stand_id)
        if isinstance(size, bool) or not MIN_CODES <= size <= MAX_CODES:
            raise InvalidInput(MarketError.INVALID_CODE_COUNT, min=MIN_CODES, max=MAX_CODES)
        if isinstance(price_cents, bool) or not MIN_PRICE_CENTS <= price_cents <= MAX_PRICE_CENTS:
            raise InvalidInput(
                MarketError.INVALID_CODE_PRICE,
                min=money(MIN_PRICE_CENTS),
                max=money(MAX_PRICE_CENTS),
            )
        # The stand holds only the exhibitor's own works (StandService.select_works).
        if work_id not in stand.work_ids:
            raise InvalidInput(MarketError.NOT_ON_STAND)
        if market.state not in EDITABLE_STATES:
            raise Conflict(MarketError.WRONG_STATE, state=market.state.value)
        batch = Batch(
            id=new_id(),
            market_id=market.id,
            stand_id=stand.id,
            work_id=work_id,
            created_by=who.user_id,
            size=size,
            price_cents=price_cents,
            state=BatchState.PRINTED,
            created_at=self._now(),
        )
        digests = [self._keys.digest(code) for code in self._codes(batch)]
        async with self._uow():
            await self._repo.add(batch, digests)
        return batch

    async def of_stand(self, who: Principal, stand_id: UUID) -> StandBatches:
        stand, market = await self._stands.editable(who, stand_id)
        batches = await self._repo.of_stand(stand.id)
        wanted = list(dict.fromkeys([*stand.work_ids, *(batch.work_id for batch in batches)]))
        return StandBatches(stand, market, batches, await self._catalogue.works(wanted))

    async def sheet(self, who: Principal, batch_id: UUID) -> Sheet:
        """The codes in full: for the stand's editors only, to print."""
        batch, stand, market = await self._edited(who, batch_id)
        work = (await self._catalogue.works([batch.work_id])).get(batch.work_id)
        if work is None:
            raise NotFound(MarketError.WORK_NOT_FOUND)
        return Sheet(batch, market, stand, work, self._codes(batch))

    async def sell(self, who: Principal, batch_id: UUID) -> Batch:
        """The exhibitor sold the batch at the stand (cash): an order paid outside the gateway,
        the market's sale in the same transaction; its codes may be redeemed from now on."""
        batch, _, market = await self._edited(who, batch_id)
        if batch.state is not BatchState.PRINTED:
            raise Conflict(MarketError.BATCH_CLOSED)
        if market.state not in EDITABLE_STATES:
            raise Conflict(MarketError.WRONG_STATE, state=market.state.value)
        work = (await self._catalogue.works([batch.work_id])).get(batch.work_id)
        if work is None:
            raise NotFound(MarketError.WORK_NOT_FOUND)
        now = self._now()
        async with self._uow() as uow:
            if not await self._repo.close(batch.id, BatchState.SOLD, now):
                raise Conflict(MarketError.BATCH_CLOSED)
            # The exhibitor records the sale for the people at the stand (walk-in buyers with
            # no account): the order is theirs, the seller's record of the cash they took.
            order = await self._sales.record(
                uow,
                buyer_id=who.user_id,
                item=sale_item(batch, work),
                quantity=batch.size,
                unit_cents=batch.price_cents,
                country=STAND_COUNTRY,
                key=f"stand-codes-{batch.id}",
                gateway="stand",
            )
            await self._repo.set_order(batch.id, order.id)
            batch.sold(order.id, order.total_cents, order.currency, _day(now), now)
            uow.track(batch)
        return batch

    async def void(self, who: Principal, batch_id: UUID) -> Batch:
        """Cancel a batch before its sale (a misprint, a lost sheet): its codes never work."""
        batch, _, _ = await self._edited(who, batch_id)
        if batch.state is not BatchState.PRINTED:
            raise Conflict(MarketError.BATCH_CLOSED)
        now = self._now()
        async with self._uow():
            if not await self._repo.close(batch.id, BatchState.VOID, now):
                raise Conflict(MarketError.BATCH_CLOSED)
        batch.void(now)
        return batch

    async def redeem(self, who: Principal, typed: str, address: str) -> Redeemed:
        """The code's work enters the person's library, once per code, whoever comes first."""
        await self._count_attempt(f"codes:person:{who.user_id}", PER_PERSON)
        await self._count_attempt(f"codes:address:{self._keys.digest(address)[:32]}", PER_ADDRESS)
        code = normalise(typed)
        stored = await self._repo.code(self._keys.digest(code)) if code else None
        if stored is None:
            raise NotFound(MarketError.UNKNOWN_CODE)
        if stored.redeemed:
            raise Conflict(MarketError.CODE_ALREADY_REDEEMED)
        batch = await self._repo.get(stored.batch_id)
        assert batch is not None
        if batch.state is BatchState.VOID:
            raise Conflict(MarketError.CODE_VOID)
        if batch.state is not BatchState.SOLD:
            # A sold batch stays sold: checked before the update, it still holds after it.
            raise Conflict(MarketError.CODE_NOT_SOLD)
        work = (await self._catalogue.works([batch.work_id])).get(batch.work_id)
        now = self._now()
        async with self._uow() as uow:
            if not await self._repo.redeem(stored.id, who.user_id, now):
                raise Conflict(MarketError.CODE_ALREADY_REDEEMED)
            await self._library.grant(batch.work_id, who.user_id, redemption_source(stored.id))
            if work is not None:
                # A zero-total order puts the work in the library like any acquisition
                # (downloads, the order list); the code's price was paid at the stand.
                await self._sales.record(
                    uow,
                    buyer_id=who.user_id,
                    item=code_item(batch, work),
                    quantity=1,
                    unit_cents=0,
                    country=STAND_COUNTRY,
                    key=f"stand-code-{stored.id}",
                    gateway="code",
                )
            uow.track(Redemption(batch, who.user_id, _day(now)))
        return Redeemed(batch, work)

    def _codes(self, batch: Batch) -> list[str]:
        return [self._keys.code(batch.id, place) for place in range(1, batch.size + 1)]

    async def _edited(self, who: Principal, batch_id: UUID) -> tuple[Batch, Stand, Market]:
        """A batch of a stand the person edits; anyone else's is not found (its codes are
        the exhibitor's alone)."""
        batch = await self._repo.get(batch_id)
        if batch is None:
            raise NotFound(MarketError.BATCH_NOT_FOUND)
        try:
            stand, market = await self._stands.editable(who, batch.stand_id)
        except Forbidden:
            raise NotFound(MarketError.BATCH_NOT_FOUND) from None
        return batch, stand, market

    async def _count_attempt(self, key: str, limit: tuple[int, int]) -> None:
        wait = await self._attempts.hit(key, *limit)
        if wait is not None:
            raise RateLimited(retry_after_s=wait)


def _day(moment: datetime) -> str:
    return moment.astimezone(MARTINIQUE).date().isoformat()
