"""Staff record a transfer-paid licence's refund on the back office page: the invoice is
listed with what is left, a refund over it or without a reference is refused with the reason
(the amount typed kept) and changes nothing, a part then the rest issue two credit notes, and
the invoice leaves the list once wholly credited (the licence taken back)."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from accounts.notifications.tables import Notification
from lakou.bootstrap import Container
from tests.helpers import CSRF_INPUT, PASSWORD, deliver_events, page_log_in, staff_headers
from tests.integration.test_licensing_deals import _film_with_mandate, _partner
from tests.integration.test_licensing_paperwork import _quoted_and_accepted
from tests.licensing_paperwork import DEALS, invoiced

REFUNDS = "/staff/licences/remboursements"


async def test_staff_record_a_transfer_refund_on_their_page(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "CA"})
    staff = await staff_headers(client, container)
    transfer = {"amount_cents": invoice["gross_cents"], "reference": "VIR 7"}
    paid = await client.post(
        f"/api/staff/licensing/deals/{deal}/bank-transfer", json=transfer, headers=staff
    )
    assert paid.is_success, paid.text
    await deliver_events(broker, worker)
    # Without a staff session, the page sends to the login (the matrix checks every role).
    refused = await client.get(REFUNDS, headers=partner, follow_redirects=False)
    assert refused.status_code in (302, 303)

    email = f"staff-refunds-{deal[:8]}@example.test"
    await container.identity.create_user(email, PASSWORD, "Staff", Role.STAFF)
    await page_log_in(client, email)
    listed = await client.get(REFUNDS)
    assert listed.status_code == 200
    assert invoice["number"] in listed.text
    csrf = CSRF_INPUT.search(listed.text)
    assert csrf
    token = csrf.group(1)

    async def post(amount: str, reference: str) -> Any:
        form = {"amount": amount, "reference": reference, "_csrf_token": token}
        return await client.post(f"{REFUNDS}/{deal}", data=form, follow_redirects=False)

    too_much = await post("1 200,01", "RBT 1")  # the invoice is 1 200 €
    assert too_much.status_code == 422
    assert 'id="refund-error"' in too_much.text
    assert 'value="1 200,01"' in too_much.text
    assert (await post("100", " ")).status_code == 422
    notes = f"{DEALS}/{deal}/credit-notes"
    assert (await client.get(notes, headers=partner)).json() == []

    part = await post("200", "RBT 1")
    assert part.status_code == 303, part.text
    after = await client.get(part.headers["location"])
    [first] = (await client.get(notes, headers=partner)).json()
    assert first["gross_cents"] == 20000
    assert 'id="refund-recorded"' in after.text
    assert first["number"] in after.text
    assert "1 000,00" in after.text.replace("\u202f", " ").replace("\xa0", " ")  # what is left
    assert (await post("200", "RBT 1")).status_code == 409  # the same refund twice

    rest = await post("1000", "RBT 2")
    assert rest.status_code == 303
    emptied = await client.get(rest.headers["location"])
    assert 'id="refunds-none"' in emptied.text
    assert [n["gross_cents"] for n in (await client.get(notes, headers=partner)).json()] == [
        20000,
        100000,
    ]
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "cancelled"
    # The licensee and the rights side are told of each credit note, once.
    await deliver_events(broker, worker)
    await deliver_events(broker, worker)
    told = await Notification.select().where(Notification.kind == "licensing.credit_note_issued")
    assert len(told) == 4
