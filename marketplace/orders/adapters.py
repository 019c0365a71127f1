"""The back office's ports over the accounts context: buyers by e-mail, refunds from the audit
log (`staff_orders.py` owns the ports; `module.py` wires these)."""

from __future__ import annotations

from uuid import UUID

from accounts.audit.filters import AuditFilter
from accounts.audit.names import AccountNames
from accounts.audit.queries import find_entries
from accounts.tables import User
from infra.db.values import as_uuid
from marketplace.orders.staff_orders import BuyerContact, PastRefund

# More refunds than this on one order would be a runaway script, not a person.
MAX_REFUNDS_SHOWN = 200


class AccountBuyerDirectory:
    async def ids_by_email(self, email: str) -> list[UUID]:
        rows = await User.select(User.id).where(User.email == email.lower())
        return [as_uuid(row["id"]) for row in rows]

    async def contacts(self, user_ids: list[UUID]) -> dict[UUID, BuyerContact]:
        wanted = list(dict.fromkeys(user_ids))
        if not wanted:
            return {}
        rows = await User.select(User.id, User.display_name, User.email).where(
            User.id.is_in(wanted)
        )
        return {
            as_uuid(row["id"]): BuyerContact(str(row["display_name"] or ""), str(row["email"]))
            for row in rows
        }


class AuditRefundHistory:
    """Each `order.refunded` entry that moved the order's refunded total: by how much, and why."""

    async def refunds_of(self, order_id: UUID) -> list[PastRefund]:
        found = AuditFilter(
            action_prefix="order.refunded", object_type="order", object_id=str(order_id)
        )
        entries = await find_entries(found, limit=MAX_REFUNDS_SHOWN)
        names = await AccountNames().names(entry.actor_id for entry in entries if entry.actor_id)
        refunds: list[PastRefund] = []
        refunded = 0
        for entry in reversed(entries):  # oldest first, as they happened
            after = int(entry.after.get("refunded_cents", 0))
            # A repeated click asks the provider for the same refund: its entry adds nothing.
            if after <= refunded:
                continue
            refunds.append(
                PastRefund(
                    at=entry.occurred_at,
                    staff_name=names.get(entry.actor_id, "") if entry.actor_id else "",
                    amount_cents=after - refunded,
                    reason=str(entry.after.get("reason", "")),
                )
            )
            refunded = after
        return refunds
