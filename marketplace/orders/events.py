"""The events an order records, and the exact shape of their payloads.

Other contexts consume these through the outbox (revenue allocates `order.paid` lines to rights
holders; indicators count buyers' countries), so the payloads carry every fact they need as it
was at the time of sale, in integer cents, and never need the order tables.

order.paid
    {"order_id": str, "buyer_id": str, "buyer_country": "MQ", "currency": "eur",
     "gateway": "stripe" | "test", "payment_id": str, "paid_at": iso8601,
     "total_cents": int, "payment_fee_cents": int,
     "lines": [{"line_id": str, "offer_id": str | None, "kind": "work" | "bundle",
                "work_ids": [str, ...],             # one for a work, several for a bundle
                "work_weights": [int, ...],         # same length: how the line's net is
                                                    # shared between its works (list prices)
                "quantity": int, "gross_cents": int, "net_cents": int, "vat_cents": int,
                "vat_rate_bp": int, "discount_cents": int}]}
order.refunded
    {"order_id": str, "refund_id": str, "amount_cents": int, "total_refunded_cents": int,
     "total_cents": int, "full": bool, "currency": "eur"}
order.failed
    {"order_id": str, "reason": str}
entitlement.granted / entitlement.revoked
    {"order_id": str, "buyer_id": str, "work_id": str}
"""

from __future__ import annotations

ORDER_PAID = "order.paid"
ORDER_REFUNDED = "order.refunded"
ORDER_FAILED = "order.failed"
ENTITLEMENT_GRANTED = "entitlement.granted"
ENTITLEMENT_REVOKED = "entitlement.revoked"
