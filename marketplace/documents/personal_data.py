"""The documents module's part of a person's data: the receipts issued to them (their numbers
and amounts; each PDF stays downloadable from its order while the account exists).

A receipt is an accounting voucher: kept ten years as issued (livre des procédures fiscales
L102 B, Code de commerce L123-22; GDPR art. 17(3)(b)). Erasing detaches it: the buyer id becomes
the deletion's tombstone, the same one the order gets, so the download route answers no one and
the receipt still matches its order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.documents.tables import DocumentRow


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    documents = await DocumentRow.select(
        DocumentRow.number,
        DocumentRow.kind,
        DocumentRow.order_id,
        DocumentRow.issued_at,
        DocumentRow.language,
        DocumentRow.net_cents,
        DocumentRow.vat_cents,
        DocumentRow.gross_cents,
        DocumentRow.sha256,
    ).where(DocumentRow.buyer_id == user_id)
    return section({"documents": documents})


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    await DocumentRow.update({DocumentRow.buyer_id: tombstone}).where(
        DocumentRow.buyer_id == user_id
    )


PERSONAL_DATA = PersonalData(export=export, erase=erase)
