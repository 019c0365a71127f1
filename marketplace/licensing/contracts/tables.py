"""A deal's contract (one per deal) with both sides' acceptances and what the invoice needs
from each side. Only `contracts/repository.py` reads and writes it."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class ContractRow(Table, tablename="lakou_licensing_contracts"):
    id = UUID(primary_key=True)
    deal_id = UUID(unique=True)
    kind = Varchar(length=20)
    languages = JSON()
    storage_key = Varchar(length=200)
    sha256 = Varchar(length=64)
    size = Integer()
    drawn_at = Timestamptz()
    # Each side's acceptance: who, the name they typed, when, from where, of which PDF.
    partner_user_id = UUID(null=True, default=None)
    partner_name = Text(default="")
    partner_at = Timestamptz(null=True, default=None)
    partner_ip = Varchar(length=64, default="")
    partner_sha256 = Varchar(length=64, default="")
    rights_user_id = UUID(null=True, default=None)
    rights_name = Text(default="")
    rights_at = Timestamptz(null=True, default=None)
    rights_ip = Varchar(length=64, default="")
    rights_sha256 = Varchar(length=64, default="")
    # The invoice's parties: the buyer as the partner gave it, the seller as the rights side
    # chose (Lakou acting for the holder, or the holder itself).
    billing = JSON(default="{}")
    invoicer = JSON(default="{}")
