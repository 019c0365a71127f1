"""The licensing API: owners declare their works' mandates; verified export partners (and staff)
read availability; staff record licensed windows until licence deals record them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_staff, requires_user
from accounts.organisations.acting import requires_capability
from accounts.organisations.capabilities import PARTNER_VIEW
from infra.http.dependencies import provide_service
from marketplace.licensing import rules
from marketplace.licensing.domain import ALL_LANGUAGES, Grant, Status
from marketplace.licensing.ports import WindowRequest
from marketplace.licensing.schemas import (
    AvailabilityOut,
    CountryStatusOut,
    MandateIn,
    MandateOut,
    WindowIn,
    WindowOut,
    WorkAvailabilityOut,
    mandate_out,
    span_out,
    window_out,
)
from marketplace.licensing.service import LicensingService

WORK = "/works/{work_id:uuid}"
MAX_CHECKED = 200


class CheckIn(msgspec.Struct, kw_only=True):
    work_ids: list[UUID]
    territory: str
    medium: str
    starts_on: date
    ends_on: date | None = None
    # Leave out the works that cannot be licensed in any of the countries over the period.
    only_available: bool = False


def overall(statuses: dict[str, Status | None]) -> str:
    found = set(statuses.values())
    if found == {Status.EXCLUSIVE}:
        return "available"
    if found == {Status.LICENSED} or found == {None} or found == {None, Status.LICENSED}:
        return "licensed" if Status.LICENSED in found else "not_offered"
    return "partly_available"


class MandateController(Controller):
    path = "/api/licensing"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {"licensing": provide_service(LicensingService), "me": Provide(provide_user)}

    @get(WORK + "/mandates")
    async def mandates(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> list[MandateOut]:
        """A work's mandates, for its owner (or staff)."""
        return [mandate_out(m) for m in await licensing.mandates(me, work_id)]

    @post(WORK + "/mandates", status_code=HTTP_201_CREATED)
    async def declare(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[MandateIn],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> MandateOut:
        """Declare what the work's rights holders let Lakou offer: a medium, a territory
        (`world -FR`, `caricom`, `CA US`), a period (`starts_on`/`ends_on`, or
        `release_offset_days`/`length_days` counted from the release), exclusivity, a language
        version (`*`: all) and the rights holder who signs and invoices (`signatory_id`)."""
        mandate = await licensing.declare(
            me, work_id, rules.MandateInput(**msgspec.structs.asdict(data))
        )
        return mandate_out(mandate)

    @delete(WORK + "/mandates/{mandate_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def withdraw(
        self,
        work_id: FromPath[UUID],
        mandate_id: FromPath[UUID],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> None:
        """Withdraw a mandate (windows already licensed under it stay)."""
        await licensing.withdraw(me, work_id, mandate_id)

    @get(WORK + "/availability")
    async def own_availability(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> AvailabilityOut:
        """The owner's view of what is still available."""
        await licensing.mandates(me, work_id)  # the ownership check
        return AvailabilityOut(
            work_id, [span_out(s) for s in await licensing.availability(work_id)]
        )


class AvailabilityController(Controller):
    path = "/api/licensing/availability"
    tags = ["licensing"]
    guards = [requires_capability(PARTNER_VIEW)]
    dependencies = {"licensing": provide_service(LicensingService), "me": Provide(provide_user)}

    @get(WORK)
    async def work(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> AvailabilityOut:
        """What is available, partly available (non-exclusive only) or licensed, by medium,
        language version, period and country set."""
        spans = await licensing.availability_for(me, work_id)
        return AvailabilityOut(work_id, [span_out(s) for s in spans])

    @post("/check", status_code=HTTP_200_OK)
    async def check(
        self,
        data: JSONBody[CheckIn],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> list[WorkAvailabilityOut]:
        """The period check after a search: for works found by their `CA:svod` tokens, each
        country's status over the whole period (`null`: not offered there all that time)."""
        medium = rules.medium(data.medium)
        countries = rules.countries(data.territory)
        period = rules.period(data.starts_on, data.ends_on)
        found = await licensing.check(
            me,
            list(dict.fromkeys(data.work_ids))[:MAX_CHECKED],
            countries,
            medium,
            period,
            offered_only=data.only_available,
        )
        return [
            WorkAvailabilityOut(
                work_id,
                overall(statuses),
                [CountryStatusOut(c, s.value if s else None) for c, s in statuses.items()],
            )
            for work_id, statuses in found.items()
        ]


class StaffWindowController(Controller):
    path = "/api/staff/licensing"
    tags = ["licensing", "staff"]
    guards = [requires_staff]
    dependencies = {"licensing": provide_service(LicensingService), "me": Provide(provide_user)}

    @get(WORK + "/windows")
    async def windows(
        self, work_id: FromPath[UUID], licensing: NamedDependency[LicensingService]
    ) -> list[WindowOut]:
        return [window_out(w) for w in await licensing.windows(work_id)]

    @post(WORK + "/windows", status_code=HTTP_201_CREATED)
    async def license(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[WindowIn],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> list[WindowOut]:
        """Record a window licensed outside Lakou (licence deals will record theirs): 409
        `exclusive_conflict` when it meets an exclusive one (or is exclusive and meets any),
        409 `outside_mandate` when no mandate covers it."""
        grant = Grant(
            rules.medium(data.medium),
            rules.language(data.language or ALL_LANGUAGES),
            rules.countries(data.territory),
            rules.period(data.starts_on, data.ends_on),
            data.exclusive,
        )
        request = WindowRequest(work_id, grant, data.territory.strip(), data.licensee)
        await licensing.license(request, me.user_id)
        return [window_out(w) for w in await licensing.windows(work_id)]
