"""A person takes their data away and leaves: the archive (built by the worker, 7 days, theirs
only) and the account deletion (refused while an order is pending; orders and ledger kept,
detached; the goodbye mail leaves through a real SMTP server)."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from accounts.privacy.tables import ConsentRow, ExportRow
from accounts.tables import User
from marketplace.catalogue.tables import WorkRow
from marketplace.orders.tables import OrderRow
from marketplace.revenue.tables import LedgerEntryRow
from tests.helpers import (
    PASSWORD,
    create_creator,
    create_work,
    deliver_events,
    log_in,
    priced,
    published_work,
    sign_up_and_log_in,
)
from tests.mailroom import Mailroom


def _flac(folder: Path) -> bytes:
    path = folder / "chanson.flac"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=1", str(path)),
        ],
        check=True,
    )
    return path.read_bytes()


async def _upload(
    client: AsyncTestClient, headers: dict[str, str], work_id: str, content: bytes
) -> str:
    body = {"kind": "audio", "filename": "chanson.flac", "size": len(content)}
    started = await client.post(f"/api/works/{work_id}/uploads", json=body, headers=headers)
    assert started.status_code == 201, started.text
    upload = started.json()
    part = await client.put(
        f"/api/uploads/{upload['id']}/parts/1", content=content, headers=headers
    )
    assert part.status_code in (200, 204), part.text
    done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=headers)
    assert done.status_code == 200, done.text
    return str(upload["id"])


async def _order(
    client: AsyncTestClient, buyer: dict[str, str], offer_id: str, *, pay: bool
) -> str:
    added = await client.post("/api/cart/items", json={"offer_id": offer_id}, headers=buyer)
    assert added.status_code == 201, added.text
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    if pay:
        paid = await client.post(
            f"/api/orders/{order['id']}/test-payment",
            json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
            headers=buyer,
        )
        assert paid.status_code == 200, paid.text
    return str(order["id"])


async def _archive(
    client: AsyncTestClient, headers: dict[str, str], broker: RedisBroker, worker: Worker
) -> dict[str, Any]:
    asked = await client.post("/api/privacy/export", headers=headers)
    assert asked.status_code == 202, asked.text
    assert asked.json()["status"] == "pending"
    await deliver_events(broker, worker)
    [export] = (await client.get("/api/privacy/exports", headers=headers)).json()
    assert export["status"] == "ready", export
    return dict(export)


async def test_the_archive_holds_the_persons_data_and_files_and_nothing_of_anyone_else(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, tmp_path: Path
) -> None:
    lena = await sign_up_and_log_in(client, email="lena-archive@example.test")
    other = await sign_up_and_log_in(client, email="other-archive@example.test")
    creator = await create_creator(client, lena)
    work = await create_work(client, lena, creator["id"])
    await _upload(client, lena, work["id"], _flac(tmp_path))
    other_work = await published_work(client, other, titles={"fr": "Titre de l'autre personne"})
    offer = await priced(client, other, other_work)
    order_id = await _order(client, lena, offer["id"], pay=True)
    await create_creator(client, other, name="Nom de l'autre personne")

    export = await _archive(client, lena, broker, worker)
    download = await client.get(export["download_url"], headers=lena)
    assert download.status_code == 200, download.text
    assert download.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    data = json.loads(archive.read("data.json"))
    assert data["accounts"]["profile"]["email"] == "lena-archive@example.test"
    assert "password_hash" not in json.dumps(data)
    assert [c["name"] for c in data["catalogue"]["creators"]] == ["Léna Tanbouyé"]
    assert [w["id"] for w in data["catalogue"]["works"]] == [work["id"]]
    assert [o["id"] for o in data["orders"]["orders"]] == [order_id]
    assert {c["document"] for c in data["consents"]} == {"terms", "privacy"}
    [upload] = data["media"]["uploads"]
    files = [name for name in archive.namelist() if name.startswith("files/")]
    assert files == [f"files/media/{upload['id']}-chanson.flac"]
    assert archive.read(files[0]) == _flac(tmp_path)
    assert "data.json" in archive.read("README.txt").decode()
    # Nothing of the other person: their address, profile name or work's title.
    text = json.dumps(data, ensure_ascii=False)
    assert "other-archive@example.test" not in text
    assert "Nom de l'autre personne" not in text
    # The archive-ready notification is in the person's centre.
    centre = (await client.get("/api/notifications", headers=lena)).json()
    assert "privacy.export_ready" in json.dumps(centre)


async def test_only_the_owner_downloads_and_an_expired_link_is_gone(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker
) -> None:
    owner = await sign_up_and_log_in(client)
    other = await sign_up_and_log_in(client)
    export = await _archive(client, owner, broker, worker)
    url = export["download_url"]

    assert (await client.get(url, headers=other)).status_code == 404
    assert (await client.get(url.split("?")[0], headers=owner)).status_code == 404
    assert (await client.get(url + "0", headers=owner)).status_code == 404
    # A signature that is not ASCII is just wrong, not a 500 (found by fuzzing).
    assert (await client.get(url + "é", headers=owner)).status_code == 404
    assert (await client.get(url)).status_code == 401

    past = datetime.now(UTC) - timedelta(seconds=1)
    await ExportRow.update({ExportRow.expires_at: past}).where(ExportRow.id == export["id"])
    expired = await client.get(url, headers=owner)
    assert expired.status_code == 410, expired.text
    assert expired.json()["error"]["code"] == "export_expired"
    [listed] = (await client.get("/api/privacy/exports", headers=owner)).json()
    assert listed["status"] == "expired"
    assert listed["download_url"] is None


async def test_deletion_waits_for_a_pending_order_and_changes_nothing(
    client: AsyncTestClient,
) -> None:
    seller = await sign_up_and_log_in(client)
    buyer = await sign_up_and_log_in(client, role="audience", email="pending@example.test")
    offer = await priced(client, seller, await published_work(client, seller))
    order_id = await _order(client, buyer, offer["id"], pay=False)

    wrong = await client.request(
        "DELETE", "/api/privacy/account", json={"password": "not it"}, headers=buyer
    )
    assert wrong.status_code == 403, wrong.text
    refused = await client.request(
        "DELETE", "/api/privacy/account", json={"password": PASSWORD}, headers=buyer
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["code"] == "orders_pending"
    assert (await client.get(f"/api/orders/{order_id}", headers=buyer)).status_code == 200
    assert await User.exists().where(User.email == "pending@example.test")


async def test_a_deleted_person_is_gone_their_orders_stay_detached_and_the_address_is_free(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, mailroom: Mailroom
) -> None:
    address = "leaving@example.test"
    seller = await sign_up_and_log_in(client)
    offer = await priced(client, seller, await published_work(client, seller))
    person = await sign_up_and_log_in(client, email=address)
    own_work = await published_work(client, person)
    order_id = await _order(client, person, offer["id"], pay=True)
    await deliver_events(broker, worker)
    user_id = (await User.select(User.id).where(User.email == address).first() or {})["id"]
    entries_before = await LedgerEntryRow.count().where(LedgerEntryRow.order_id == order_id)
    assert entries_before > 0

    deleted = await client.request(
        "DELETE", "/api/privacy/account", json={"password": PASSWORD}, headers=person
    )
    assert deleted.status_code == 204, deleted.text

    # The goodbye mail leaves through SMTP, to the address, in the person's language.
    mails = await mailroom.deliver(len(mailroom.server.received) + 1)
    [goodbye] = [mail for mail in mailroom.to(address) if "supprimé" in mail.message["Subject"]]
    assert "dix ans" in Mailroom.text(goodbye)

    # Nothing of the person is left to sign in with or to point at them.
    assert not await User.exists().where(User.id == user_id)
    assert not await ConsentRow.exists().where(ConsentRow.user == user_id)
    assert (await client.get("/api/auth/me", headers=person)).status_code == 401
    login = await client.post("/api/auth/login", json={"email": address, "password": PASSWORD})
    assert login.status_code == 401
    # The order and its ledger entries remain, detached: the buyer id names no one.
    order = await OrderRow.select().where(OrderRow.id == order_id).first()
    assert order is not None
    assert order["status"] in ("paid", "fulfilled")
    assert order["buyer_id"] != user_id
    assert not await User.exists().where(User.id == order["buyer_id"])
    entries_after = await LedgerEntryRow.count().where(LedgerEntryRow.order_id == order_id)
    assert entries_after == entries_before
    # Their work is withdrawn and owned by no one.
    work = await WorkRow.select().where(WorkRow.id == own_work).first()
    assert work is not None
    assert work["status"] == "withdrawn"
    assert work["owner_id"] != user_id

    # The same address signs up again as a new person who sees nothing of the old account.
    again = await sign_up_and_log_in(client, email=address)
    assert (await client.get("/api/orders", headers=again)).json() in ([], {"items": []})
    me = (await client.get("/api/auth/me", headers=again)).json()
    assert me["id"] != str(user_id)
    assert len(mails) >= 1
    assert await log_in(client, address)


async def test_an_organisations_last_owner_leaving_hands_it_to_its_longest_serving_admin(
    client: AsyncTestClient,
) -> None:
    from datetime import UTC, datetime, timedelta
    from uuid import UUID

    from accounts.organisations.tables import MembershipRow
    from infra.ids import new_id
    from tests.organisation_helpers import create_organisation

    owner = await sign_up_and_log_in(client, role="audience", email="leaving-owner@example.test")
    organisation = await create_organisation(client, owner)
    heirs = {}
    for email, role, days in (
        ("member@example.test", "member", 30),
        ("admin@example.test", "admin", 10),
    ):
        headers = await sign_up_and_log_in(client, role="audience", email=email)
        me = (await client.get("/api/auth/me", headers=headers)).json()
        heirs[email] = me["id"]
        await MembershipRow.insert(
            MembershipRow(
                id=new_id(),
                organisation=UUID(organisation["id"]),
                user=UUID(me["id"]),
                role=role,
                joined_at=datetime.now(UTC) - timedelta(days=days),
            )
        )

    gone = await client.request(
        "DELETE", "/api/privacy/account", json={"password": PASSWORD}, headers=owner
    )
    assert gone.status_code in (200, 202, 204), gone.text
    roles = {
        str(row["user"]): row["role"]
        for row in await MembershipRow.select(MembershipRow.user, MembershipRow.role).where(
            MembershipRow.organisation == UUID(organisation["id"])
        )
    }
    # The admin, though a member joined earlier: admins are preferred.
    assert roles == {heirs["admin@example.test"]: "owner", heirs["member@example.test"]: "member"}
