"""The markets' part of a person's data: their places in market teams, accreditations, signed-in
stand visits, programme agenda, meetings asked or held, round wishes, codes redeemed and code
batches made.

Erasing keeps what counts a market's activity (a meeting held, a code redeemed, a batch sold:
the exhibitor's and the organiser's records) but detaches it from the person (the tombstone
takes their place, a meeting's message goes); it removes what only served them: team places,
agenda seats (freed for others), accreditations and visits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from infra.db.values import as_json
from infra.i18n.context import N_
from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.markets.codes.tables import CodeBatchRow, StandCodeRow
from marketplace.markets.meetings.tables import MeetingRow
from marketplace.markets.programme.tables import AgendaEntryRow
from marketplace.markets.round.tables import RoundRow, RoundWishRow
from marketplace.markets.tables import AccreditationRow, MarketTeamRow, StandVisitRow


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    meetings = MeetingRow.select(
        MeetingRow.id,
        MeetingRow.market_id,
        MeetingRow.stand_id,
        MeetingRow.category,
        MeetingRow.proposed,
        MeetingRow.message,
        MeetingRow.state,
        MeetingRow.slot_start,
        MeetingRow.reason,
        MeetingRow.created_at,
        MeetingRow.decided_at,
        MeetingRow.cancelled_at,
    )
    return section(
        {
            "team_places": await MarketTeamRow.select(
                MarketTeamRow.market_id, MarketTeamRow.role
            ).where(MarketTeamRow.user_id == user_id),
            "accreditations": await AccreditationRow.select(
                AccreditationRow.market_id,
                AccreditationRow.organisation_id,
                AccreditationRow.category,
                AccreditationRow.state,
                AccreditationRow.reason,
                AccreditationRow.created_at,
                AccreditationRow.decided_at,
            ).where(AccreditationRow.user_id == user_id),
            "stand_visits": await StandVisitRow.select(
                StandVisitRow.stand_id, StandVisitRow.day
            ).where(StandVisitRow.visitor == user_id.hex),
            "agenda": await AgendaEntryRow.select(
                AgendaEntryRow.session_id, AgendaEntryRow.created_at
            ).where(AgendaEntryRow.user_id == user_id),
            "meetings_asked": await meetings.where(MeetingRow.professional_id == user_id),
            "meetings_accepted": await MeetingRow.select(
                MeetingRow.id, MeetingRow.stand_id, MeetingRow.slot_start
            ).where(MeetingRow.exhibitor_id == user_id),
            "round_wishes": await RoundWishRow.select(
                RoundWishRow.market_id, RoundWishRow.wishes, RoundWishRow.updated_at
            ).where((RoundWishRow.side == "buyer") & (RoundWishRow.owner_id == user_id)),
            "codes_redeemed": await StandCodeRow.select(
                StandCodeRow.batch_id, StandCodeRow.redeemed_at
            ).where(StandCodeRow.redeemed_by == user_id),
            "code_batches_made": await CodeBatchRow.select(
                CodeBatchRow.id,
                CodeBatchRow.stand_id,
                CodeBatchRow.work_id,
                CodeBatchRow.size,
                CodeBatchRow.price_cents,
                CodeBatchRow.state,
            ).where(CodeBatchRow.created_by == user_id),
        }
    )


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    await MarketTeamRow.delete().where(MarketTeamRow.user_id == user_id)
    await AccreditationRow.delete().where(AccreditationRow.user_id == user_id)
    await AccreditationRow.update({AccreditationRow.decided_by: tombstone}).where(
        AccreditationRow.decided_by == user_id
    )
    await StandVisitRow.update({StandVisitRow.visitor: tombstone.hex}).where(
        StandVisitRow.visitor == user_id.hex
    )
    await AgendaEntryRow.delete().where(AgendaEntryRow.user_id == user_id)
    await MeetingRow.update({MeetingRow.professional_id: tombstone, MeetingRow.message: ""}).where(
        MeetingRow.professional_id == user_id
    )
    await MeetingRow.update({MeetingRow.exhibitor_id: tombstone}).where(
        MeetingRow.exhibitor_id == user_id
    )
    await MeetingRow.update({MeetingRow.cancelled_by: tombstone}).where(
        MeetingRow.cancelled_by == user_id
    )
    await _erase_round_wishes(user_id, tombstone)
    await StandCodeRow.update({StandCodeRow.redeemed_by: tombstone}).where(
        StandCodeRow.redeemed_by == user_id
    )
    await CodeBatchRow.update({CodeBatchRow.created_by: tombstone}).where(
        CodeBatchRow.created_by == user_id
    )


async def _erase_round_wishes(user_id: UUID, tombstone: UUID) -> None:
    """The person's own list goes; stands' lists lose them; a round they opened keeps its
    opener as the tombstone."""
    await RoundWishRow.delete().where(
        (RoundWishRow.side == "buyer") & (RoundWishRow.owner_id == user_id)
    )
    wanted = str(user_id)
    for row in await RoundWishRow.select(RoundWishRow.id, RoundWishRow.wishes).where(
        RoundWishRow.side == "stand"
    ):
        wishes = [str(item) for item in as_json(row["wishes"])]
        if wanted in wishes:
            kept = [item for item in wishes if item != wanted]
            await RoundWishRow.update({RoundWishRow.wishes: kept}).where(
                RoundWishRow.id == row["id"]
            )
    await RoundRow.update({RoundRow.opened_by: tombstone}).where(RoundRow.opened_by == user_id)


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
    description=N_(
        "Vos places dans les équipes des marchés, vos accréditations, vos visites de stands "
        "(connecté·e), votre agenda du programme, vos rendez-vous demandés ou acceptés, vos "
        "souhaits de rendez-vous, les codes que vous avez utilisés et les lots de codes que vous "
        "avez créés."
    ),
)
