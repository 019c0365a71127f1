"""The API keys over the API: an organisation's admins manage them; a partner asks what its
key is. Management takes a person (token, or the page session with its CSRF header); the
partner route takes only a partner key."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.apikeys.partner_auth import PartnerCaller, provide_partner, requires_scope
from accounts.apikeys.schemas import KeyIn, KeyOut, NewKeyOut, RotationIn, key_out
from accounts.apikeys.service import ApiKeyService
from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE

KEY = "/{key_id:uuid}"


class ApiKeyController(Controller):
    path = "/api/organisations/{organisation_id:uuid}/api-keys"
    tags = ["partner API keys"]
    guards = [requires_user]
    dependencies = {"keys": provide_service(ApiKeyService), "me": Provide(provide_user)}

    @get("/")
    async def list_keys(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
    ) -> list[KeyOut]:
        """The organisation's keys, newest first, with their state; never their secret. Every
        member reads them; owners and admins make, rotate and revoke them."""
        now = keys.now()
        return [key_out(key, now) for key in await keys.keys(me, organisation_id)]

    @post("/", status_code=HTTP_201_CREATED)
    async def create(
        self,
        organisation_id: FromPath[UUID],
        data: JSONBody[KeyIn],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
    ) -> NewKeyOut:
        """Make a key (owners and admins of a verified organisation). The answer carries the
        secret once: store it now, it is kept only as a keyed hash."""
        made = await keys.create(me, organisation_id, data.request())
        return NewKeyOut(key_out(made.key, keys.now()), made.secret)

    @post(KEY + "/rotate", status_code=HTTP_201_CREATED)
    async def rotate(
        self,
        organisation_id: FromPath[UUID],
        key_id: FromPath[UUID],
        data: JSONBody[RotationIn],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
    ) -> NewKeyOut:
        """A new key with the same name, scopes and rate; the old one keeps working for
        `overlap_hours` (24 by default), then answers 401 `api_key_expired`."""
        made = await keys.rotate(me, organisation_id, key_id, data.overlap_hours)
        return NewKeyOut(key_out(made.key, keys.now()), made.secret)

    @post(KEY + "/revoke", status_code=HTTP_200_OK)
    async def revoke(
        self,
        organisation_id: FromPath[UUID],
        key_id: FromPath[UUID],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
    ) -> KeyOut:
        """End a key now: its next call answers 401 `api_key_revoked`."""
        return key_out(await keys.revoke(me, organisation_id, key_id), keys.now())


class PartnerKeyController(Controller):
    path = "/api/partner/v1"
    tags = ["partner API"]
    guards = [requires_scope(None)]
    dependencies = {"partner": Provide(provide_partner), "keys": provide_service(ApiKeyService)}
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @get("/key")
    async def whoami(
        self, partner: NamedDependency[PartnerCaller], keys: NamedDependency[ApiKeyService]
    ) -> KeyOut:
        """The key this call was made with: its organisation, scopes, rate and state. Send
        `Authorization: Bearer lkp_…`."""
        return key_out(partner.key, keys.now())
