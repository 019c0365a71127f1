"""Schema-driven fuzzing: every operation of the OpenAPI document, sent as every kind of caller.

schemathesis generates requests from the document (valid ones and invalid ones) and each is
sent as anonymous, an audience member, a creator, a verified partner, a member of its
organisation, an organiser and staff. Every answer must be below 500, declared in the document
(status, content type, body schema: the error envelope for the 4xx) and free of stack traces
and of the server's secrets. Derandomised (hypothesis's fixed seed for the test) with a few
examples per operation, so a run is repeatable and bounded (under a minute of CPU per database).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import redis
import schemathesis
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.python.asgi import get_client, shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from infra.modules import all_tables
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from tests.conftest import DATABASE_KIND, REDIS_URL, _test_environ
from tests.fuzz.callers import World, make_world
from tests.shared_apps import client_of

pytestmark = pytest.mark.fuzz

EXAMPLES_PER_OPERATION = 3
# Requests that end the caller's own sessions: the next ones would all be anonymous.
SESSION_ENDING = {("POST", "/api/auth/logout"), ("POST", "/api/auth/sessions/revoke-others")}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
STACK_TRACE_MARKS = ("Traceback (most recent call last)", 'File "/', "site-packages/")


class Fuzzed:
    def __init__(self, app: Litestar, world: World, secrets: list[str]) -> None:
        self.app = app
        self.callers = world.callers
        self.known = world.known
        self.secrets = secrets


async def _prepare(container: Container) -> World:

    if DATABASE_KIND == "postgres":
        async with container.engine.transaction():
            for table in reversed(all_tables(container.modules)):
                await table.delete(force=True)
    async with client_of(container) as client:
        return await make_world(client, container)


@pytest.fixture(scope="module")
def fuzzed(migrated_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    """The app on its own database state, its callers made first on a loop of their own (the
    app then runs on schemathesis's event loop thread, where it opens its pool again)."""
    from lakou.app import create_app

    folder = tmp_path_factory.mktemp("fuzz")
    if DATABASE_KIND == "postgres":
        url = migrated_database
    else:
        copy = folder / "lakou.sqlite3"
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    var = folder / "var"
    environ = {**_test_environ(var, url), "LAKOU_LOGIN_ATTEMPTS": "100000"}
    settings = Settings.from_env(environ)
    flush = redis.Redis.from_url(REDIS_URL)
    flush.flushdb()
    container = build_container(settings, REDIS_URL)
    world = asyncio.run(_prepare(container))
    secrets = [settings.secret_key, url, REDIS_URL, str(var)]
    try:
        yield Fuzzed(create_app(container), world, secrets)
    finally:
        shutdown_lifespans()
        flush.flushdb()
        flush.close()


def _operations(app: Litestar) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/api/docs/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    return [op for op in operations if (op.method.upper(), op.path) not in SESSION_ENDING]


def _leaks(body: str, secrets: list[str]) -> list[str]:
    found = [mark for mark in STACK_TRACE_MARKS if mark in body]
    found += [f"secret {secret[:12]}…" for secret in secrets if secret and secret in body]
    return found


def _fuzz(operation: Any, fuzzed: Fuzzed, failures: dict[str, str], succeeded: set[str]) -> None:
    """Send the operation's examples as every caller; what fails is kept, not raised (raising
    would make hypothesis shrink, minutes for no more information)."""
    names = {parameter.name for parameter in operation.path_parameters}
    known = {name: value for name, value in fuzzed.known.items() if name in names}
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if known:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
    cases = st.one_of(strategies)

    @hypothesis.settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(cases)
    def send(case: Any) -> None:
        for caller in fuzzed.callers:
            key = f"{operation.label} as {caller.name}"
            try:
                response = case.call_and_validate(headers=dict(caller.headers), checks=CHECKS)
            except (Exception, BaseExceptionGroup) as failure:  # every one is reported below
                failures.setdefault(key, f"{type(failure).__name__}: {failure}"[:1500])
                continue
            if response.status_code < 300:
                succeeded.add(operation.label)
            leaks = _leaks(response.text, fuzzed.secrets)
            if leaks:
                failures.setdefault(key, f"leaks {leaks}")

    send()


def test_every_operation_as_every_caller(fuzzed: Fuzzed) -> None:
    failures: dict[str, str] = {}
    succeeded: set[str] = set()
    operations = _operations(fuzzed.app)
    for operation in operations:
        _fuzz(operation, fuzzed, failures, succeeded)
    report = "\n\n".join(f"{key}\n{failure}" for key, failure in sorted(failures.items()))
    assert not failures, f"{len(failures)} failures\n{report}"
    # Not all refusals: the callers are signed in and the known ids reach real objects (about
    # a quarter of the operations answer someone with a success).
    assert len(succeeded) >= len(operations) // 5, sorted(succeeded)


def test_the_callers_are_still_signed_in_as_themselves(fuzzed: Fuzzed) -> None:
    """The fuzzing ran as each caller to the end: none was signed out along the way."""
    with get_client(fuzzed.app) as client:
        for caller in fuzzed.callers:
            me = client.get("/api/auth/me", headers=dict(caller.headers))
            expected = 401 if not caller.headers else 200
            assert me.status_code == expected, (caller.name, me.status_code, me.text)
