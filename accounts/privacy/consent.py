"""Consents: which version of which document a person accepted, when and how.

Signing up accepts the terms of use and the privacy notice shown on the sign-up page; the
versions here change when the documents do (and the page says what changed).
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from accounts.privacy.tables import ConsentRow
from infra.ids import new_id

TERMS_VERSION = "2026-12-06"
PRIVACY_NOTICE_VERSION = "2026-12-07"


async def record_sign_up_consent(user_id: UUID) -> None:
    """Called by the identity service inside the transaction that creates the account."""
    now = datetime.now(UTC)
    await ConsentRow.insert(
        *(
            ConsentRow(
                id=new_id(),
                user=user_id,
                document=document,
                version=version,
                accepted_at=now,
                how="sign_up",
            )
            for document, version in (("terms", TERMS_VERSION), ("privacy", PRIVACY_NOTICE_VERSION))
        )
    )


async def consents_of(user_id: UUID) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = await ConsentRow.select(
        ConsentRow.document, ConsentRow.version, ConsentRow.accepted_at, ConsentRow.how
    ).where(ConsentRow.user == user_id)
    return rows
