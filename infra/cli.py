"""The `lakou` command line: run the processes and the operator's one-shot tasks."""

from __future__ import annotations

import asyncio
import getpass
import logging
import os
import shutil
import signal
import sys
import uuid

import click

from infra.bootstrap import MIGRATIONS, Container, build_container, connect_database
from infra.db.migrations import migrate
from infra.http.logging import configure_logging
from infra.settings import Environment, Settings, SettingsError, load_settings
from marketplace.offers.domain import Pricing, Terms

log = logging.getLogger("lakou")


def _settings() -> Settings:
    try:
        settings = load_settings(os.environ)
    except SettingsError as error:
        raise click.ClickException(f"invalid setting: {error}") from None
    configure_logging(settings.log_level)
    for risk in sorted(settings.accepted_risks):
        # Accepted risks stay visible in every process's log, not only in the .env file.
        log.warning("production risk accepted by LAKOU_ACCEPT_RISKS: %s", risk)
    return settings


def _migrate(settings: Settings) -> list[str]:
    return asyncio.run(migrate(connect_database(settings), MIGRATIONS))


@click.group(
    help="Lakou: la diffusion des œuvres de Martinique / Martinique's creative works, online."
)
def main() -> None:
    pass


@main.command("migrate", help="Create or upgrade the database schema (idempotent).")
def migrate_command() -> None:
    applied = _migrate(_settings())
    click.echo(
        f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else "")
    )


@main.command(help="Serve the web pages and JSON API (with the worker and relay when embedded).")
@click.option("--host", default=None, help="Bind address (default LAKOU_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default LAKOU_PORT or 8000).")
@click.option(
    "--with-workers/--no-workers",
    default=None,
    help="Run the worker and outbox relay in this process (default: on when embedded).",
)
@click.option(
    "--seed/--no-seed", default=None, help="Seed the demo catalogue when empty (default: embedded)."
)
def serve(host: str | None, port: int | None, with_workers: bool | None, seed: bool | None) -> None:
    import uvicorn

    from infra.embedded_redis import EmbeddedRedis
    from infra.http.app import create_app

    settings = _settings()
    embedded = settings.redis.url is None
    with_workers = embedded if with_workers is None else with_workers
    redis = EmbeddedRedis(settings.var_dir / "redis") if embedded else None
    redis_url = redis.start() if redis else settings.redis.url
    background: list[object] = []
    try:
        if embedded:
            _check_ffmpeg()
            _migrate(settings)
        container = build_container(settings, redis_url)
        if seed if seed is not None else embedded:
            created = asyncio.run(_seed(container))
            if created:
                click.echo(f"seeded {created} demo works")
        if with_workers:
            background = _start_background(redis_url or "", container)
        bind_host = host or settings.http.host
        bind_port = port or settings.http.port
        click.echo(f"Lakou: http://{bind_host}:{bind_port}/  (API docs: /api/docs)")
        uvicorn.run(
            create_app(container), host=bind_host, port=bind_port, log_config=None, access_log=False
        )
    finally:
        for process in reversed(background):
            process.stop()  # type: ignore[attr-defined]
        if redis:
            redis.stop()


def _start_background(redis_url: str, container: Container) -> list[object]:
    from workers.broker import install_broker
    from workers.runtime import RelayThread, make_relay, start_worker

    broker = install_broker(redis_url)
    worker = start_worker(broker, container, threads=2)
    relay = RelayThread(make_relay(broker), container)
    relay.start()
    return [worker, relay]


def _check_ffmpeg() -> None:
    if shutil.which("ffmpeg") is None:
        raise click.ClickException(
            "ffmpeg is missing: install it (Debian: apt-get install -y ffmpeg), or run `make run` as root"
        )


def _require_redis(settings: Settings) -> str:
    if settings.redis.url is None:
        raise click.ClickException(
            "LAKOU_REDIS_URL must be set for a separate worker or relay "
            "(the embedded default runs them inside `lakou serve`)"
        )
    return settings.redis.url


@main.command(help="Run a dramatiq worker (consumers of events, long jobs).")
@click.option("--threads", type=int, default=4, show_default=True)
def worker(threads: int) -> None:
    from workers.broker import install_broker
    from workers.runtime import start_worker

    settings = _settings()
    redis_url = _require_redis(settings)
    container = build_container(settings, redis_url)
    running = start_worker(install_broker(redis_url), container, threads=threads)
    click.echo(f"worker running with {threads} threads")
    _wait_for_signal()
    running.stop()


@main.command(help="Run the outbox relay: deliver committed events to the workers' queues.")
@click.option("--once", is_flag=True, help="Deliver what is pending now, then exit.")
def relay(once: bool) -> None:
    from workers.broker import install_broker
    from workers.runtime import make_relay, run_relay_and_chores

    settings = _settings()
    redis_url = _require_redis(settings)
    container = build_container(settings, redis_url)
    outbox_relay = make_relay(install_broker(redis_url))
    if once:
        click.echo(f"delivered {asyncio.run(outbox_relay.drain())} event(s)")
        return

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_relay_and_chores(outbox_relay, container, stop)

    asyncio.run(run())


@main.command(help="Rebuild the search index from the database, then swap it in (no downtime).")
def reindex() -> None:
    from search.commands import reindex_with_progress

    click.echo(reindex_with_progress(build_container(_settings(), None)))


@main.command(help="Pull payment events missed while webhooks were down, then settle stale orders.")
@click.option(
    "--stale-minutes",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Also re-read the payment of orders pending for longer than this.",
)
def reconcile(stale_minutes: int) -> None:
    from datetime import timedelta

    container = build_container(_settings(), None)

    async def run() -> tuple[int, int]:
        # New events go through the outbox like webhooks; stale orders are settled here.
        pulled = await container.payment_notifications.pull_missed()
        settled = await container.settlement.settle_stale(timedelta(minutes=stale_minutes))
        return pulled, settled

    pulled, settled = asyncio.run(run())
    click.echo(f"{pulled} new payment event(s) queued, {settled} pending order(s) re-read")


@main.command(help="Create and execute a payout run now (or finish an interrupted one).")
@click.option("--run-id", type=click.UUID, default=None, help="Finish this run instead.")
@click.option("--min-cents", type=int, default=100, show_default=True)
def payouts(run_id: uuid.UUID | None, min_cents: int) -> None:
    from infra.errors import AppError
    from marketplace.revenue.commands import describe, run_payouts

    container = build_container(_settings(), None)
    try:
        report = asyncio.run(run_payouts(container.revenue.payouts, run_id, min_cents))
    except AppError as error:
        raise click.ClickException(error.message) from None
    click.echo(describe(report))
    if report.unavailable:
        sys.exit(1)


@main.command(help="Create an account of any role (staff included).")
@click.option("--email", required=True)
@click.option(
    "--role",
    type=click.Choice(["audience", "creator", "organiser", "partner", "staff"]),
    default="staff",
    show_default=True,
)
@click.option("--display-name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def createuser(email: str, role: str, display_name: str, password_stdin: bool) -> None:
    from infra.identity.domain import Role

    settings = _settings()
    password = (
        sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("Password: ")
    )
    container = build_container(settings, None)
    try:
        user_id = asyncio.run(
            container.identity.create_user(email, password, display_name, Role(role))
        )
    except Exception as error:
        message = getattr(error, "message", str(error))
        raise click.ClickException(message) from None
    click.echo(f"created {role} account {email} ({user_id})")


@main.command("import-catalogue")
@click.argument("manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--server", default="http://127.0.0.1:8000", show_default=True)
@click.option("--email", help="Your account (the password is asked, or see --password-stdin).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--token", envvar="LAKOU_API_TOKEN", help="An API token instead of a login.")
@click.option("--creator-id", required=True, type=click.UUID, help="The works' creator profile.")
@click.option("--format", "manifest_format", type=click.Choice(["csv", "json"]), default=None)
@click.option("--timeout", type=float, default=3600.0, show_default=True, help="Seconds to wait.")
@click.option("--fresh", is_flag=True, help="A new import even if this manifest was sent before.")
def import_catalogue(
    manifest: str,
    server: str,
    email: str | None,
    password_stdin: bool,
    token: str | None,
    creator_id: uuid.UUID,
    manifest_format: str | None,
    timeout: float,
    fresh: bool,
) -> None:
    """Import a catalogue: a manifest (CSV or JSON, one work per row) and the files beside it.

    Sends every file with a progress bar, follows processing, prints each row's status; exits
    with 1 unless every valid row ended ready. Running it again resumes the same import.
    """
    from marketplace.imports.client import command

    sys.exit(
        command(
            manifest,
            server,
            email,
            password_stdin,
            token,
            creator_id,
            manifest_format,
            timeout,
            fresh,
        )
    )


@main.command("seed-demo", help="Create the demo catalogue (development only).")
@click.option("--force", is_flag=True, help="Allow outside development.")
def seed_demo_command(force: bool) -> None:
    settings = _settings()
    if settings.env is Environment.PRODUCTION and not force:
        raise click.ClickException("refusing to seed demo accounts in production (use --force)")
    created = asyncio.run(_seed(build_container(settings, None)))
    click.echo(f"seeded {created} demo works" if created else "demo catalogue already present")


async def _seed(container: Container) -> int:
    from marketplace.catalogue.demo import seed_demo
    from media.demo import attach_demo_media

    created = await seed_demo(container.identity, container.catalogue)
    for index, (who, work) in enumerate(created):
        await attach_demo_media(container.uploads, who, work.id, work.details.discipline.value)
        await container.offers.set_work_offer(who, work.id, _DEMO_TERMS[index % len(_DEMO_TERMS)])
    return len(created)


# Demo prices, so that a newcomer can buy (with the test payment) right after `make run`.
_DEMO_TERMS = (
    Terms(Pricing.FIXED, 500),
    Terms(Pricing.PAY_WHAT_YOU_WANT, 800, 300),
    Terms(Pricing.FIXED, 1200),
    Terms(Pricing.FREE),
)


def _wait_for_signal() -> None:
    received: list[int] = []

    def handler(signum: int, _frame: object) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    while not received:
        signal.pause()


if __name__ == "__main__":
    main()
