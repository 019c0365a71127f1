"""Viewing reports: per screener and invited person, what they opened and watched.

Watched time is the sum of what each viewing's heartbeats credited (never more than the
wall-clock time between them); completion is the furthest point reached over the work's
length. The rights holder reads it on a page or downloads it as CSV.
"""

from __future__ import annotations

import csv
import io
from uuid import UUID

from accounts.domain import Principal
from infra.csv_cells import safe_cell
from marketplace.screeners.domain import Screener, ViewerReport, viewer_report
from marketplace.screeners.repository import ScreenerRepository
from marketplace.screeners.service import ScreenerService

CSV_HEADER = (
    "email",
    "name",
    "organisation",
    "views",
    "first_opened_at",
    "watched_s",
    "completion_percent",
    "pauses",
    "seeks",
    "countries",
    "devices",
)


class ScreenerReports:
    def __init__(self, screeners: ScreenerService, repository: ScreenerRepository) -> None:
        self._screeners = screeners
        self._repo = repository

    async def report(
        self, who: Principal, screener_id: UUID
    ) -> tuple[Screener, list[ViewerReport]]:
        screener = await self._screeners.managed(who, screener_id)
        viewings = await self._repo.viewings_of_screener(screener.id)
        rows = []
        for invitation in await self._repo.invitations(screener.id):
            own = [v for v in viewings if v.invitation_id == invitation.id]
            rows.append(viewer_report(invitation, own, screener.duration_s))
        return screener, rows

    async def csv(self, who: Principal, screener_id: UUID) -> tuple[Screener, str]:
        screener, rows = await self.report(who, screener_id)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for row in rows:
            i = row.invitation
            writer.writerow(
                (
                    safe_cell(i.email),
                    safe_cell(i.name),
                    safe_cell(i.organisation),
                    row.views,
                    row.first_opened_at.isoformat() if row.first_opened_at else "",
                    f"{row.watched_s:.0f}",
                    f"{row.completion * 100:.0f}",
                    row.pauses,
                    row.seeks,
                    " ".join(row.countries),
                    safe_cell(" / ".join(row.devices)),
                )
            )
        return screener, out.getvalue()
