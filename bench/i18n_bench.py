"""What speaking four languages costs a page: message lookups, money and dates, a whole page.

- `gettext`: every message of every catalogue looked up in the active language, against a bare
  dict lookup of the same strings (the baseline: what any string table costs).
- `money`: Babel's CLDR currency formatting of an amount in cents, against the hand-written
  f-string formatting Lakou used before (8,00 €).
- `page`: the studio's "new work" form (its fields, credits and roles: about 60 messages),
  rendered by Jinja with the request's language, in French (the source: no catalogue) and in Creole, against the
  same template rendered with gettext replaced by the identity (no translation at all).

Medians of `LAKOU_BENCH_ROUNDS` (7) rounds. Last line:
RESULT gettext_ns=<x> gettext_over_dict=<x> money_us=<x> money_over_fstring=<x>
page_ms_fr=<x> page_ms_gcf=<x> page_over_untranslated=<x>
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader

from infra.i18n import formatting
from infra.i18n.catalogues import Catalogues
from infra.i18n.context import activated, gettext, install
from infra.i18n.jinja import install_i18n
from lakou.app import template_dirs
from lakou.bootstrap import catalogue_dirs
from lakou.messages import homes
from lakou.modules import CORE_MODULES
from marketplace.catalogue.values import CreditRole
from marketplace.studio.pages import CREDIT_ROWS

ROUNDS = int(os.environ.get("LAKOU_BENCH_ROUNDS", "7"))


def _median_s(run: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(repeat):
            run()
        samples.append((time.perf_counter() - started) / repeat)
    return statistics.median(samples)


def _messages() -> list[str]:
    found: list[str] = []
    for home in homes(CORE_MODULES):
        template = home.locale / "messages.pot"
        if template.exists():
            with template.open("rb") as handle:
                found += [m.id for m in read_po(handle) if m.id and isinstance(m.id, str)]
    return found


def _old_money(cents: int) -> str:
    units, rest = divmod(abs(cents), 100)
    grouped = f"{units:,}".replace(",", "\u202f")
    return f"{'-' if cents < 0 else ''}{grouped},{rest:02d} €"


def _page_context() -> dict[str, Any]:
    """What the studio's "new work" page gets (the form every creator fills in)."""
    return {
        "creators": [SimpleNamespace(id=uuid.uuid4(), name="Man Ya")],
        "values": {},
        "credit_roles": [role.value for role in CreditRole],
        "credit_rows": CREDIT_ROWS,
        "me": SimpleNamespace(email="a@b.c", display_name="Man Ya", role_name="creator"),
        "nav": [],
        "languages": [],
        "csrf_input": "",
        "csrf_token": lambda: "token",
        "path": "/studio/oeuvres/nouvelle",
        "time_zone": "America/Martinique",
        "time_zones": ["America/Martinique", "Europe/Paris"],
        "creole_beta": False,
    }


def _environment(translate: bool) -> Environment:
    environment = Environment(
        loader=FileSystemLoader([str(p) for p in template_dirs(CORE_MODULES)]), autoescape=True
    )
    install_i18n(environment)
    if not translate:
        environment.install_gettext_callables(  # type: ignore[attr-defined]
            lambda m: m,
            lambda s, p, n: s if n == 1 else p,
            newstyle=True,
            pgettext=lambda c, m: m,
            npgettext=lambda c, s, p, n: s if n == 1 else p,
        )
    helpers = {
        "pick": lambda texts: (texts or {}).get("fr", ""),
        "creole": lambda texts: "",
        "duration": formatting.duration,
        "language_name": lambda code: code,
        "date": formatting.local_date,
        "datetime": formatting.local_datetime,
        "money": formatting.money,
        "rate": formatting.rate,
        "amount_input": formatting.amount_input,
        "nav_label": lambda entry: entry,
        "nav_current": lambda entry: False,
    }
    # The modules' own helpers (discipline and state labels...), as pages get them.
    for spec in CORE_MODULES:
        if spec.template_globals is not None:
            helpers.update(spec.template_globals("fr"))
    environment.globals.update(helpers)
    return environment


def main() -> None:
    install(Catalogues.load(catalogue_dirs(CORE_MODULES)))
    messages = _messages()
    table = {message: message for message in messages}

    def lookups() -> None:
        for message in messages:
            gettext(message)

    def dict_lookups() -> None:
        for message in messages:
            table.get(message)

    with activated("gcf-MQ"):
        gettext_s = _median_s(lookups, 20) / len(messages)
    dict_s = _median_s(dict_lookups, 20) / len(messages)

    amounts = list(range(50, 500_050, 5_000))
    with activated("fr"):
        money_s = _median_s(lambda: [formatting.money(c) for c in amounts], 5) / len(amounts)
    old_money_s = _median_s(lambda: [_old_money(c) for c in amounts], 5) / len(amounts)

    context = _page_context()
    translated = _environment(translate=True)
    untranslated = _environment(translate=False)
    template_name = "studio/new_work.html"
    page_ms: dict[str, float] = {}
    for tag in ("fr", "gcf-MQ"):
        with activated(tag):
            template = translated.get_template(template_name)
            page = context | {"lang": tag}
            page_ms[tag] = _median_s(lambda t=template, c=page: t.render(c), 30) * 1e3
    bare = untranslated.get_template(template_name)
    bare_ms = _median_s(lambda: bare.render(context | {"lang": "fr"}), 30) * 1e3

    print(f"messages: {len(messages)}; template: {template_name}")
    print(
        f"RESULT gettext_ns={gettext_s * 1e9:.0f} gettext_over_dict={gettext_s / dict_s:.1f} "
        f"money_us={money_s * 1e6:.1f} money_over_fstring={money_s / old_money_s:.1f} "
        f"page_ms_fr={page_ms['fr']:.2f} page_ms_gcf={page_ms['gcf-MQ']:.2f} "
        f"page_over_untranslated={page_ms['gcf-MQ'] / bare_ms:.2f}"
    )


if __name__ == "__main__":
    main()
