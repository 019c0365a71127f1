"""Stand codes' pages over HTTP: the exhibitor's batches with their errors in words, voiding a
batch, and the redemption page's answers (an unknown code, then 429 with Retry-After)."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.e2e.test_market_codes_api import stand_with_work
from tests.e2e.test_markets_pages import _email, _post
from tests.helpers import page_log_in, sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


async def test_the_exhibitor_makes_and_voids_a_batch_on_the_stand_pages(
    client: AsyncTestClient, container: Container
) -> None:
    exhibitor, _, stand, work = await stand_with_work(client, container)
    await page_log_in(client, await _email(client, exhibitor))
    editor = await client.get(f"/marches/stands/{stand['id']}/modifier")
    assert f"/marches/stands/{stand['id']}/codes" in editor.text
    page = f"/marches/stands/{stand['id']}/codes"

    too_many = await _post(client, page, page, work_id=work["id"], count="900", price="5")
    assert too_many.status_code == 422
    assert "Nombre de codes invalide : de 1 à 500." in too_many.text
    too_cheap = await _post(client, page, page, work_id=work["id"], count="2", price="0,10")
    assert too_cheap.status_code == 422
    assert "Prix par code invalide" in too_cheap.text
    made = await _post(client, page, page, work_id=work["id"], count="2", price="4,50")
    assert made.status_code == 303, made.text
    listed = await client.get(page)
    assert 'data-state="printed"' in listed.text
    assert "4,50" in listed.text
    batch_id = listed.text.split('data-batch="')[1].split('"')[0]

    voided = await _post(client, page, f"/marches/codes/lots/{batch_id}/annuler")
    assert voided.status_code == 303
    listed = await client.get(page)
    assert 'data-state="void"' in listed.text
    assert f"/marches/codes/lots/{batch_id}/feuille.pdf" not in listed.text  # nothing to print
    again = await _post(client, page, f"/marches/codes/lots/{batch_id}/vendre")
    assert again.status_code == 409
    assert "Ce lot de codes est déjà vendu ou annulé." in again.text


async def test_the_redemption_page_answers_in_words_and_slows_guessing(
    client: AsyncTestClient, container: Container
) -> None:
    anonymous = await client.get("/codes/ABCD-EFGH-JKMNP", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/connexion?next=/codes/ABCD-EFGH-JKMNP")
    person = await sign_up_and_log_in(client, "audience")
    await page_log_in(client, await _email(client, person))
    from_qr = await client.get("/codes/abcdefghjkmnp")
    assert 'value="ABCD-EFGH-JKMNP"' in from_qr.text

    for _ in range(10):
        unknown = await _post(client, "/codes", "/codes", code="ABCD-EFGH-JKMNP")
        assert unknown.status_code == 404
        assert "Code inconnu : vérifiez les caractères saisis." in unknown.text
    limited = await _post(client, "/codes", "/codes", code="ABCD-EFGH-JKMNP")
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
