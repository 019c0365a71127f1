"""The catalogue's JSON API: creator profiles and works."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK

from accounts.auth import provide_principal, provide_user
from accounts.domain import Principal, Role
from accounts.guards import requires_role, requires_user
from infra.http.dependencies import provide_service
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.errors import CreatorError
from marketplace.catalogue.repository import CreatorQuery, WorkQuery
from marketplace.catalogue.schemas import (
    CreatorIn,
    CreatorOut,
    CreatorPage,
    CreatorPatch,
    WithdrawIn,
    WorkIn,
    WorkOut,
    WorkPage,
    WorkPatch,
    decode_cursor,
    encode_cursor,
    parse_status,
)
from marketplace.catalogue.service import CatalogueService

PageSize = Annotated[int, Parameter(ge=1, le=100, description="Items per page (1-100)")]
Cursor = Annotated[
    str | None, Parameter(max_length=64, description="`next_cursor` of the previous page")
]


requires_creator = requires_role(Role.CREATOR, Role.STAFF, error=CreatorError.NOT_A_CREATOR)

_DEPENDENCIES: dict[str, Any] = {
    "catalogue": provide_service(CatalogueService),
    "viewer": Provide(provide_principal),
    "me": Provide(provide_user),
}


class CreatorController(Controller):
    path = "/api/creators"
    tags = ["catalogue"]
    dependencies = _DEPENDENCIES

    @post("/", guards=[requires_creator])
    async def create(
        self,
        data: JSONBody[CreatorIn],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> CreatorOut:
        """Create a creator profile (a person or a structure) owned by the caller."""
        return CreatorOut.of(await catalogue.create_creator(me, data.to_details()))

    @get("/")
    async def list_creators(
        self,
        catalogue: NamedDependency[CatalogueService],
        owner_id: FromQuery[UUID | None] = None,
        cursor: Cursor = None,
        limit: PageSize = 20,
    ) -> CreatorPage:
        creators = await catalogue.list_creators(
            CreatorQuery(owner_id=owner_id, before_id=decode_cursor(cursor), limit=limit)
        )
        next_cursor = encode_cursor(creators[-1].id) if len(creators) == limit else None
        return CreatorPage(items=[CreatorOut.of(c) for c in creators], next_cursor=next_cursor)

    @get("/{creator_id:uuid}")
    async def read(
        self, creator_id: FromPath[UUID], catalogue: NamedDependency[CatalogueService]
    ) -> CreatorOut:
        return CreatorOut.of(await catalogue.get_creator(creator_id))

    @patch("/{creator_id:uuid}", guards=[requires_user])
    async def update(
        self,
        creator_id: FromPath[UUID],
        data: JSONBody[CreatorPatch],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> CreatorOut:
        """Change a profile (its owner, or staff): fields left out keep their value."""
        return CreatorOut.of(await catalogue.update_creator(me, creator_id, data.apply_to))


class WorkController(Controller):
    path = "/api/works"
    tags = ["catalogue"]
    dependencies = _DEPENDENCIES

    @post("/", guards=[requires_user])
    async def create(
        self,
        data: JSONBody[WorkIn],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> WorkOut:
        """Create a draft work under one of the caller's creator profiles."""
        return WorkOut.of(await catalogue.create_work(me, data.creator_id, data.to_details()))

    @get("/")
    async def list_works(
        self,
        catalogue: NamedDependency[CatalogueService],
        viewer: NamedDependency[Principal | None],
        creator_id: FromQuery[UUID | None] = None,
        discipline: FromQuery[Discipline | None] = None,
        status: Annotated[str | None, Parameter(max_length=20)] = None,
        cursor: Cursor = None,
        limit: PageSize = 20,
    ) -> WorkPage:
        """Published public works, plus the caller's own in any status (staff see all)."""
        query = WorkQuery(
            viewer_id=viewer.user_id if viewer else None,
            viewer_is_staff=viewer is not None and viewer.is_staff,
            creator_id=creator_id,
            discipline=discipline,
            status=parse_status(status),
            before_id=decode_cursor(cursor),
            limit=limit,
        )
        works = await catalogue.list_works(query)
        next_cursor = encode_cursor(works[-1].id) if len(works) == limit else None
        return WorkPage(items=[WorkOut.of(w) for w in works], next_cursor=next_cursor)

    @get("/{work_id:uuid}")
    async def read(
        self,
        work_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        catalogue: NamedDependency[CatalogueService],
    ) -> WorkOut:
        return WorkOut.of(await catalogue.get_work(viewer, work_id))

    @patch("/{work_id:uuid}", guards=[requires_user])
    async def update(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[WorkPatch],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> WorkOut:
        return WorkOut.of(await catalogue.update_work(me, work_id, data.apply_to))

    @post("/{work_id:uuid}/publish", status_code=HTTP_200_OK, guards=[requires_user])
    async def publish(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> WorkOut:
        return WorkOut.of(await catalogue.publish_work(me, work_id))

    @post("/{work_id:uuid}/withdraw", status_code=HTTP_200_OK, guards=[requires_user])
    async def withdraw(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        data: JSONBody[WithdrawIn | None] = None,
    ) -> WorkOut:
        reason = data.reason if data else None
        return WorkOut.of(await catalogue.withdraw_work(me, work_id, reason))
