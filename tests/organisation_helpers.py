"""Helpers for tests that need organisations: valid legal numbers, a recording notifier, and an
organisation verified by staff (what unlocks the partner view and the organisers' rights)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from litestar.testing import AsyncTestClient
from stdnum import luhn

from accounts.audit.port import AuditTrail
from accounts.domain import Principal, Role
from accounts.organisations.service import OrganisationService
from accounts.organisations.tables import MembershipRow
from infra.ids import new_id
from infra.notifications import NotificationKind, Notifier, ParamValue
from lakou.bootstrap import Container
from tests.helpers import PASSWORD, sign_up_and_log_in

_numbers = itertools.count(100_000)
PDF = b"%PDF-1.4\n% a Kbis extract\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def new_siren() -> str:
    """A SIREN no other test uses: 8 digits and the Luhn check digit."""
    body = f"5{next(_numbers):07d}"
    return body + luhn.calc_check_digit(body)


def new_siret() -> str:
    body = new_siren() + f"{next(_numbers) % 10_000:04d}"
    return body + luhn.calc_check_digit(body)


@dataclass
class Sent:
    kind: str
    to: str  # a user id or an address
    key: str
    params: Mapping[str, ParamValue]
    link: str = ""


@dataclass
class RecordingNotifier:
    """The Notifier port, keeping what it was asked to send."""

    sent: list[Sent] = field(default_factory=list)

    async def notify(
        self,
        kind: NotificationKind,
        user_id: UUID,
        *,
        key: str,
        params: Mapping[str, ParamValue] | None = None,
        link: str = "",
    ) -> None:
        self.sent.append(Sent(kind.name, str(user_id), key, dict(params or {}), link))

    async def mail_address(
        self,
        kind: NotificationKind,
        address: str,
        *,
        key: str,
        language: str,
        params: Mapping[str, ParamValue] | None = None,
    ) -> None:
        self.sent.append(Sent(kind.name, address, key, dict(params or {})))

    def last(self, kind: str) -> Sent:
        return [sent for sent in self.sent if sent.kind == kind][-1]


def recording_notifier(container: Container) -> RecordingNotifier:
    """Put a recording notifier in front of the real one (or where none is wired yet)."""
    ensure_notifier(container)
    notifier = RecordingNotifier()
    container.services.replace(notifier, as_type=Notifier)
    return notifier


@dataclass
class RecordingAudit:
    """The AuditTrail port, keeping what it was asked to record."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    async def record(self, **entry: Any) -> None:
        self.entries.append(entry)


def ensure_notifier(container: Container) -> None:
    """Recording stand-ins where the notifier or the audit trail are not wired (yet)."""
    if Notifier not in container.services:
        container.services.replace(RecordingNotifier(), as_type=Notifier)
    if AuditTrail not in container.services:
        container.services.replace(RecordingAudit(), as_type=AuditTrail)


async def staff_principal(container: Container) -> Principal:
    email = f"staff-org{next(_numbers)}@example.test"
    user_id = await container.identity.create_user(email, PASSWORD, "Staff", Role.STAFF)
    return Principal(user_id=user_id, email=email, display_name="Staff", role=Role.STAFF)


def organisation_body(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "export_partner",
        "partner_kind": "distributor",
        "name": "Lanmè Distribution",
        "legal_identity": {"scheme": "siren", "number": new_siren()},
        "address": {"country": "MQ", "commune_code": "97209", "street": "1 rue Victor Hugo"},
    }
    body.update(extra)
    return body


async def create_organisation(
    client: AsyncTestClient, headers: Mapping[str, str], **extra: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/organisations", json=organisation_body(**extra), headers=dict(headers)
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def request_verification(
    client: AsyncTestClient, headers: Mapping[str, str], organisation_id: str
) -> None:
    document = await client.post(
        f"/api/organisations/{organisation_id}/documents?filename=kbis.pdf",
        content=PDF,
        headers=dict(headers),
    )
    assert document.status_code == 201, document.text
    asked = await client.post(
        f"/api/organisations/{organisation_id}/verification-request", headers=dict(headers)
    )
    assert asked.status_code == 200, asked.text


async def verified_organisation(
    client: AsyncTestClient, container: Container, headers: Mapping[str, str], **extra: Any
) -> dict[str, str]:
    """A new organisation of the caller's, verified by staff: the caller's headers acting as it."""
    ensure_notifier(container)
    organisation = await create_organisation(client, headers, **extra)
    await request_verification(client, headers, organisation["id"])
    await container.services.get(OrganisationService).verify(
        await staff_principal(container), UUID(organisation["id"])
    )
    return {**headers, "X-Lakou-Organisation": organisation["id"]}


async def matrix_organisations(
    client: AsyncTestClient, container: Container, owner: Mapping[str, str], owner_id: str
) -> dict[str, str]:
    """The authorisation matrix's organisations: the owner's own (unverified, no legal
    identity, one document), what the organisation rows name."""
    ensure_notifier(container)
    organisation = await create_organisation(
        client, owner, kind="cultural_company", partner_kind=None, legal_identity=None
    )
    document = await client.post(
        f"/api/organisations/{organisation['id']}/documents?filename=statuts.pdf",
        content=PDF,
        headers=dict(owner),
    )
    assert document.status_code == 201, document.text
    return {
        "organisation_id": organisation["id"],
        "document_id": document.json()["id"],
        "user_id": owner_id,
        "decision": "verifier",
    }


async def add_member(client: AsyncTestClient, organisation_id: str, role: str) -> str:
    """A new account made a member of the organisation with `role` (no invitation): its address."""
    email = f"{role}-{uuid4().hex[:8]}@example.test"
    headers = await sign_up_and_log_in(client, role="audience", email=email)
    user_id = (await client.get("/api/auth/me", headers=headers)).json()["id"]
    await MembershipRow.insert(
        MembershipRow(id=new_id(), organisation=UUID(organisation_id), user=UUID(user_id),
                      role=role, joined_at=datetime.now(UTC))
    )  # fmt: skip
    return email
