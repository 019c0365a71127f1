"""The `lakou` command line: run the processes and the operator's one-shot tasks."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
from typing import TypeVar

import click

from infra.db.migrations import migrate
from infra.http.logging import configure_logging
from infra.modules import all_migrations
from infra.settings import Environment, Settings, SettingsError, load_settings
from lakou.backup import backup_command, restore_command
from lakou.bootstrap import (
    Container,
    build_container,
    connect_database,
    enabled_modules,
    module_settings,
)
from lakou.messages import messages
from marketplace.offers.domain import Pricing, Terms

log = logging.getLogger("lakou")
T = TypeVar("T")


def _settings() -> Settings:
    try:
        settings = load_settings(os.environ)
        # An unknown extension or a wrong module setting stops every command, named.
        module_settings(settings, enabled_modules(settings))
    except SettingsError as error:
        raise click.ClickException(f"invalid setting: {error}") from None
    configure_logging(settings.log_level)
    for risk in sorted(settings.accepted_risks):
        # Accepted risks stay visible in every process's log, not only in the .env file.
        log.warning("production risk accepted by LAKOU_ACCEPT_RISKS: %s", risk)
    return settings


def _migrate(settings: Settings) -> list[str]:
    try:
        modules = enabled_modules(settings)
    except SettingsError as error:
        raise click.ClickException(f"invalid setting: {error}") from None
    return asyncio.run(migrate(connect_database(settings, modules), all_migrations(modules)))


class ServicesOnDemand:
    """What a module's command gets (`@click.pass_obj`): services, built on first use."""

    def __init__(self) -> None:
        self._container: Container | None = None

    def get(self, kind: type[T]) -> T:
        if self._container is None:
            self._container = build_container(_settings(), None)
        return self._container.services.get(kind)


class ModuleCommands(click.Group):
    """The built-in commands, then those the enabled modules declare (`ModuleSpec.commands`)."""

    def _declared(self) -> dict[str, click.Command]:
        try:
            modules = enabled_modules(load_settings(os.environ))
        except SettingsError:
            return {}  # the command itself will report the setting, naming it
        return {command.name: command for spec in modules for command in spec.commands}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._declared()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._declared().get(cmd_name)


@click.group(
    cls=ModuleCommands,
    help="Lakou: Martinique's creative and cultural works, online.",
)
@click.pass_context
def main(ctx: click.Context) -> None:
    ctx.obj = ServicesOnDemand()


@main.command("migrate", help="Create or upgrade the database schema (idempotent).")
def migrate_command() -> None:
    applied = _migrate(_settings())
    click.echo(
        f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else "")
    )


@main.command(help="Write docs/architecture.md and docs/events.md from the module specs.")
@click.option("--check", is_flag=True, help="Fail if they are not current (CI).")
@click.option("--folder", type=click.Path(file_okay=False), default="docs", show_default=True)
def docs(check: bool, folder: str) -> None:
    from pathlib import Path

    from infra.modules import ordered
    from lakou.docs import write_or_check
    from lakou.modules import CORE_MODULES

    stale = write_or_check(ordered(CORE_MODULES), Path(folder), check)
    if check and stale:
        raise click.ClickException(f"{', '.join(stale)} out of date: run `lakou docs`")
    click.echo("documents current" if not stale else f"wrote {', '.join(stale)}")


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
    from lakou.app import create_app

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
    relay = RelayThread(make_relay(broker, container), container)
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
    outbox_relay = make_relay(install_broker(redis_url), container)
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


main.add_command(messages)
main.add_command(backup_command)
main.add_command(restore_command)
