"""A deal's deliverables (masters, stems, subtitles, press kit: one row each) and the expiring,
counted links that deliver them once paid. Only `deliverables/repository.py` reads and writes
them."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class DeliverableRow(Table, tablename="lakou_licensing_deliverables"):
    id = UUID(primary_key=True)
    deal_id = UUID(index=True)
    kind = Varchar(length=20)
    label = Text(default="")
    # The file the rights side uploaded for it (empty until then).
    storage_key = Varchar(length=200, default="")
    content_type = Varchar(length=100, default="")
    size = Integer(default=0)
    uploaded_at = Timestamptz(null=True, default=None)


class DeliveryLinkRow(Table, tablename="lakou_licensing_delivery_links"):
    id = UUID(primary_key=True)
    deliverable_id = UUID(index=True)
    partner_user_id = UUID(index=True)
    expires_at = Timestamptz()
    max_downloads = Integer()
    downloads = Integer(default=0)
    created_at = Timestamptz()
