"""The staff back office's pages with a session cookie: staff find an order, read it and refund
part of it (through the same settlement as the API, with the reason in the audit log); a refund
over what is left is refused on the page; staff start a payout run and read its payouts. Anyone
else gets the 403 page."""

from __future__ import annotations

import asyncio
import re
from uuid import UUID

from dramatiq.brokers.redis import RedisBroker
from dramatiq.worker import Worker
from litestar.testing import AsyncTestClient

from accounts.audit.tables import AuditEntryRow
from accounts.domain import Role
from infra.db.values import as_json
from lakou.bootstrap import Container
from marketplace.orders.tables import OrderRow
from marketplace.revenue.tables import PayoutRunRow
from tests.e2e.test_receipts import paid_order
from tests.e2e.test_revenue_api import SHEET, _owned_work
from tests.helpers import CSRF_INPUT, PASSWORD, deliver_events, page_log_in, sign_up_and_log_in
from tests.integration.revenue_support import line, paid_event


async def _staff_page_session(client: AsyncTestClient, container: Container, tag: str) -> None:
    email = f"backoffice-{tag}@example.test"
    await container.identity.create_user(email, PASSWORD, "Équipe Lakou", Role.STAFF)
    await page_log_in(client, email)


def _csrf(html: str) -> str:
    token = CSRF_INPUT.search(html)
    assert token
    return token.group(1)


async def _refunded_cents(order_id: str) -> int:
    row = await OrderRow.select(OrderRow.refunded_cents).where(OrderRow.id == order_id).first()
    assert row is not None
    return int(row["refunded_cents"])


async def test_staff_find_an_order_refund_part_of_it_and_are_refused_more_than_is_left(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    _, order_id = await paid_order(client, "backoffice")
    await deliver_events(broker, worker)  # the receipt is issued
    buyer_email = "buyer-backoffice@example.test"

    # The buyer is not staff: the 403 page, on the list, the order and the form alike.
    await page_log_in(client, buyer_email)
    refused = await client.get("/staff/commandes")
    assert refused.status_code == 403
    assert "Réservé à l'équipe Lakou" in refused.text
    assert (await client.get(f"/staff/commandes/{order_id}")).status_code == 403
    assert "/staff/commandes" not in (await client.get("/")).text  # no nav entry either

    await _staff_page_session(client, container, "orders")
    assert 'href="/staff/commandes"' in (await client.get("/")).text
    found = await client.get("/staff/commandes", params={"etat": "fulfilled", "q": buyer_email})
    assert found.status_code == 200, found.text
    assert f'href="/staff/commandes/{order_id}"' in found.text
    assert "8,00\u00a0€" in found.text
    by_id = await client.get("/staff/commandes", params={"q": order_id})
    assert by_id.text.count("data-order-row=") == 1
    none = await client.get("/staff/commandes", params={"etat": "refunded", "q": buyer_email})
    assert "data-order-row=" not in none.text
    bad = await client.get("/staff/commandes", params={"etat": "lost"})
    assert bad.status_code == 422
    assert "État de commande inconnu." in bad.text
    forged = await client.get("/staff/commandes", params={"cursor": "pas-un-curseur"})
    assert forged.status_code == 422
    assert "Lien de page invalide" in forged.text

    page = await client.get(f"/staff/commandes/{order_id}")
    assert page.status_code == 200, page.text
    assert buyer_email in page.text
    assert "test_pi_" in page.text or "<code>" in page.text  # the payment's id
    assert re.search(r"Reçu <strong>LK-\d{4}-\d+</strong>", page.text)
    form = f"/staff/commandes/{order_id}/remboursement"
    token = _csrf(page.text)

    # A reason is required: refused, nothing refunded.
    no_reason = await client.post(form, data={"_csrf_token": token, "amount": "3,00"})
    assert no_reason.status_code == 422
    assert "Indiquez la raison du remboursement" in no_reason.text
    assert await _refunded_cents(order_id) == 0

    done = await client.post(
        form,
        data={"_csrf_token": token, "amount": "3,00", "reason": "Piste <b>abîmée</b>"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert await _refunded_cents(order_id) == 300
    after = await client.get(done.headers["location"])
    assert 'id="staff-refund-done"' in after.text
    assert "Partiellement remboursée" in after.text
    assert "Piste &lt;b&gt;abîmée&lt;/b&gt;" in after.text  # the reason, escaped
    assert "Reste remboursable : 5,00\u00a0€" in after.text

    # More than is left: the API's 422, said in euros, on the page; nothing refunded.
    over = await client.post(form, data={"_csrf_token": token, "amount": "6", "reason": "Tout"})
    assert over.status_code == 422
    assert "Il reste 5,00\u00a0€ à rembourser" in over.text
    english = await client.post(
        form,
        data={"_csrf_token": token, "amount": "6", "reason": "All"},
        headers={"accept-language": "en"},
    )
    assert "€5.00 left to refund" in english.text
    assert await _refunded_cents(order_id) == 300

    [entry] = await AuditEntryRow.select().where(AuditEntryRow.object_id == order_id)
    assert entry["action"] == "order.refunded"
    assert as_json(entry["after"])["reason"] == "Piste <b>abîmée</b>"
    assert as_json(entry["after"])["refunded_cents"] == 300

    await deliver_events(broker, worker)  # the credit note
    with_note = await client.get(f"/staff/commandes/{order_id}")
    note = re.search(r"Avoir <strong>(LK-\d{4}-\d+)</strong>", with_note.text)
    assert note
    pdf = await client.get(f"/staff/commandes/{order_id}/documents/{note.group(1)}")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    gone = await client.get(f"/staff/commandes/{order_id}/documents/LK-1999-000001")
    assert gone.status_code == 404


async def test_staff_start_a_payout_run_from_the_page_and_read_its_payouts(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id = await _owned_work(client)
    sheet = await client.put(f"/api/works/{work_id}/splits", json=SHEET, headers=owner)
    assert sheet.status_code == 200, sheet.text
    holder_id = sheet.json()["holders"][0]["holder_id"]
    await container.revenue.ledger.handle_order_paid(
        paid_event([line([UUID(work_id)], 2000, vat=157)], 55)
    )

    await _staff_page_session(client, container, "payouts")
    empty = await client.get("/staff/versements")
    assert empty.status_code == 200, empty.text
    assert "Aucune campagne de versement" in empty.text
    started = await client.post(
        "/staff/versements", data={"_csrf_token": _csrf(empty.text)}, follow_redirects=False
    )
    assert started.status_code == 303, started.text
    run_page = started.headers["location"]
    run_id = UUID(run_page.rsplit("/", 1)[1])
    assert "Demandé" in (await client.get(run_page)).text

    # The worker's job (the `revenue.execute_payout_run` actor), done in-line here.
    await container.revenue.payouts.execute(run_id)
    run = await client.get(run_page)
    assert "Terminé" in run.text
    assert "Léna" in run.text
    assert "test_tr_" in run.text
    assert "9,66\u00a0€" in run.text
    # Léna's account was typed on the sheet before Connect: still paid, flagged for staff.
    assert "Compte saisi sur la feuille, pas par Stripe Connect" in run.text
    statement_url = f"/staff/versements/ayants-droit/{holder_id}/releve.csv"
    assert statement_url in run.text
    statement = await client.get(statement_url)
    assert statement.status_code == 200
    assert statement.headers["content-type"].startswith("text/csv")
    assert "test_tr_" in statement.text
    listed = await client.get("/staff/versements")
    assert f'href="/staff/versements/{run_id}"' in listed.text

    # Anyone else: the 403 page, and no run is started.
    client.cookies.clear()
    await sign_up_and_log_in(client, email="not-staff-payouts@example.test")
    await page_log_in(client, "not-staff-payouts@example.test")
    page = await client.get("/staff/versements")
    assert page.status_code == 403
    assert "Réservé à l'équipe Lakou" in page.text
    assert (await client.get(run_page)).status_code == 403
    refused = await client.post("/staff/versements", data={"_csrf_token": _csrf(page.text)})
    assert refused.status_code == 403
    assert (await client.get(statement_url)).status_code == 403
    assert await PayoutRunRow.count() == 1


async def test_a_double_click_on_the_refund_form_refunds_once(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    _, order_id = await paid_order(client, "double-refund")
    await deliver_events(broker, worker)  # the payment settles the order
    await _staff_page_session(client, container, "double")
    form = f"/staff/commandes/{order_id}/remboursement"
    page = (await client.get(f"/staff/commandes/{order_id}")).text
    key = re.search(r'name="refund_key" value="([^"]+)"', page)
    assert key
    fields = {"_csrf_token": _csrf(page), "amount": "2,50", "reason": "Doublon"}
    fields["refund_key"] = key.group(1)

    first, second = await asyncio.gather(
        client.post(form, data=fields, follow_redirects=False),
        client.post(form, data=fields, follow_redirects=False),
    )
    assert {first.status_code, second.status_code} <= {303, 409}, (first.text, second.text)
    assert await _refunded_cents(order_id) == 250
    again = await client.get(f"/staff/commandes/{order_id}")
    assert again.text.count("Doublon") == 1  # one refund in its history
    # A second refund of the same amount, asked from a new rendering of the form, is one more.
    key = re.search(r'name="refund_key" value="([^"]+)"', again.text)
    assert key
    fields["refund_key"] = key.group(1)
    more = await client.post(form, data=fields, follow_redirects=False)
    assert more.status_code == 303, more.text
    assert await _refunded_cents(order_id) == 500
