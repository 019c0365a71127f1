"""What telling people costs: queueing a notification, and sending the mail queue.

- `notify`: `Notifier.notify` of a sale notice (preference read, centre row, the mail rendered in
  the person's language and queued) against the baseline of inserting the same queue row,
  already rendered, with nothing else.
- `deliver`: the relay job's `deliver_due` sending N queued mails to a real SMTP server (aiosmtpd
  on loopback: claim, build the message, one SMTP connection each, mark sent) against the
  baseline of smtplib sending the same N prebuilt messages, one connection each.

SQLite in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names another database.
`LAKOU_BENCH_MAILS` (300) mails per round, medians of `LAKOU_BENCH_ROUNDS` (5) rounds. Last line:
RESULT notify_ms=<x> notify_over_insert=<x> mails_per_s=<x> deliver_over_smtplib=<x>
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accounts.notifications.delivery import MailDelivery
from accounts.notifications.tables import Notification, QueuedMail
from accounts.tables import User
from bench.support import run_in_temporary_folder
from infra.db.engine import ensure_pool, write_transaction
from infra.db.migrations import migrate
from infra.ids import new_id
from infra.mail import (
    MailAddress,
    OutgoingMail,
    SmtpTransport,
    build_message,
    make_message_id,
)
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules
from marketplace.orders.notifications import SOLD
from tests.mail_server import SmtpServer

MAILS = int(os.environ.get("LAKOU_BENCH_MAILS", "300"))
ROUNDS = int(os.environ.get("LAKOU_BENCH_ROUNDS", "5"))


async def _people(count: int) -> list[UUID]:
    ids = [new_id() for _ in range(count)]
    await User.insert(
        *(
            User(
                id=person,
                email=f"bench-{person.hex}@example.test",
                password_hash="",
                display_name="Man Ya",
                role="creator",
                language="gcf-MQ" if index % 2 else "fr",
                created_at=datetime.now(UTC),
            )
            for index, person in enumerate(ids)
        )
    )
    return ids


async def _clear() -> None:
    await Notification.delete(force=True)
    await QueuedMail.delete(force=True)


async def _time_notify(container: object, people: list[UUID], round_no: int) -> float:
    notifier = container.notifications.notifier  # type: ignore[attr-defined]
    engine = container.engine  # type: ignore[attr-defined]
    started = time.perf_counter()
    for person in people:
        async with write_transaction(engine):
            await notifier.notify(
                SOLD,
                person,
                key=f"bench-{round_no}",
                params={"title": "Bèlè lalin", "total_cents": 800, "buyer_country": "MQ"},
                link="/studio",
            )
    return (time.perf_counter() - started) / len(people)


async def _time_insert(engine: object, people: list[UUID], text: str) -> float:
    started = time.perf_counter()
    for person in people:
        async with write_transaction(engine):  # type: ignore[arg-type]
            now = datetime.now(UTC)
            await QueuedMail.insert(
                QueuedMail(
                    id=new_id(),
                    kind="bench.bare",
                    dedup_key=str(person),
                    user=person,
                    address=f"bench-{person.hex}@example.test",
                    language="fr",
                    subject="Vente : « Bèlè lalin » (8,00 €)",
                    text_body=text,
                    status="done",
                    attempts=0,
                    next_attempt_at=now,
                    last_error="",
                    created_at=now,
                )
            )
    return (time.perf_counter() - started) / len(people)


def _bare_smtp(server: SmtpServer, messages: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for address, raw in messages:
        with smtplib.SMTP(server.host, server.port, timeout=30) as client:
            client.sendmail("noreply@localhost", [address], raw)
    return time.perf_counter() - started


async def run(settings: Settings) -> str:
    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    server = SmtpServer().start()
    container = build_container(settings, None, mail_transport=SmtpTransport.from_url(server.url))
    await ensure_pool(container.engine, settings.database.pool_size)
    delivery = container.services.get(MailDelivery)
    people = await _people(MAILS)
    notify_s, insert_s, deliver_s, bare_s = [], [], [], []
    try:
        for round_no in range(ROUNDS):
            await _clear()
            notify_s.append(await _time_notify(container, people, round_no))
            queued = await QueuedMail.select(QueuedMail.text_body).first()
            assert queued is not None
            # Deliver what notify queued (one mail per person).
            before = len(server.received)
            started = time.perf_counter()
            sent = await delivery.deliver_due(limit=MAILS)
            deliver_s.append(time.perf_counter() - started)
            assert sent == MAILS, sent
            server.wait_for(before + MAILS)
            insert_s.append(await _time_insert(container.engine, people, queued["text_body"]))
            messages = [
                (
                    f"bench-{person.hex}@example.test",
                    build_message(
                        OutgoingMail(
                            message_id=make_message_id(f"{round_no}-{person}", "localhost"),
                            sender=MailAddress("noreply@localhost", "Lakou"),
                            to=MailAddress(f"bench-{person.hex}@example.test"),
                            subject="Vente : « Bèlè lalin » (8,00 €)",
                            text=queued["text_body"],
                            date=datetime.now(UTC),
                        )
                    ),
                )
                for person in people
            ]
            bare_s.append(await asyncio.to_thread(_bare_smtp, server, messages))
    finally:
        server.stop()
    notify, insert = statistics.median(notify_s), statistics.median(insert_s)
    deliver, bare = statistics.median(deliver_s), statistics.median(bare_s)
    print(f"notify: {notify * 1000:.2f} ms each; bare queue insert {insert * 1000:.2f} ms")
    print(f"deliver: {MAILS} mails in {deliver:.2f} s; bare smtplib {bare:.2f} s")
    return (
        f"RESULT notify_ms={notify * 1000:.2f} notify_over_insert={notify / insert:.2f} "
        f"mails_per_s={MAILS / deliver:.0f} deliver_over_smtplib={deliver / bare:.2f}"
    )


def main() -> None:
    run_in_temporary_folder("lakou-mail-bench-", run)


if __name__ == "__main__":
    main()
