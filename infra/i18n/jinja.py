"""Templates translate through `jinja2.ext.i18n`: `{{ _("…") }}`, `{% trans %}`, plurals with
`ngettext` and contexts with `pgettext`, all following the request's language. New-style
gettext: parameters are escaped and `%(name)s` filled in by the call itself."""

from __future__ import annotations

from jinja2 import Environment

from infra.i18n.context import gettext, ngettext, npgettext, pgettext


def install_i18n(environment: Environment) -> None:
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
