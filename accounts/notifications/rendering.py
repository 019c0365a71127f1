"""Notifications in words: the subject, the text and the HTML of a mail, in one language.

Rendered when the notification is decided (not when it is sent), in the recipient's language,
so that every retry sends the same words. Text templates are not escaped (they are not HTML);
HTML templates are, so a name a person typed never becomes markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from infra.i18n import formatting
from infra.i18n.context import activated, gettext
from infra.i18n.jinja import install_i18n
from infra.notifications import NotificationKind, ParamValue


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str | None


def shown(params: Mapping[str, ParamValue], name: str) -> str:
    """A parameter as the reader sees it: `{total}` shows `total_cents` as money in the active
    language (amounts are kept as integer cents and worded when read)."""
    if name in params:
        return str(params[name])
    cents = params.get(f"{name}_cents")
    if isinstance(cents, int):
        return formatting.money(cents)
    return "{" + name + "}"


def fill_subject(kind: NotificationKind, params: Mapping[str, ParamValue]) -> str:
    """The kind's subject in the active language, its `{name}` placeholders filled.

    Values are inserted as they are, never formatted again, so a title holding braces stays.
    """
    template = gettext(kind.subject)
    parts = []
    for literal, field, _spec, _conversion in Formatter().parse(template):
        parts.append(literal)
        if field is not None:
            parts.append(shown(params, field))
    return "".join(parts)


class MailRenderer:
    def __init__(self, template_dirs: Sequence[Path]) -> None:
        loader = FileSystemLoader([str(folder) for folder in template_dirs])
        # Plain text is not HTML: escaping would put "&amp;" in a mail's text part.
        self._text = Environment(
            loader=loader,
            autoescape=False,  # noqa: S701
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self._html = Environment(loader=loader, autoescape=True, undefined=StrictUndefined)
        for environment in (self._text, self._html):
            install_i18n(environment)
            environment.globals.update(
                money=formatting.money,
                date=formatting.local_date,
                datetime=formatting.local_datetime,
            )

    def render(
        self, kind: NotificationKind, language: str, context: Mapping[str, Any]
    ) -> RenderedMail:
        with activated(language):
            subject = fill_subject(kind, context.get("params", {}))
            # Each parameter by its name too (`{{ name }}` as well as `{{ params.name }}`); a
            # parameter the caller named (a `link` of its own, say) wins over the defaults.
            values = {**context, **context.get("params", {}), "subject": subject}
            text = self._text.get_template(f"{kind.template}.txt").render(values)
            try:
                html_template = self._html.get_template(f"{kind.template}.html")
            except TemplateNotFound:
                html = None
            else:
                html = html_template.render(values)
        return RenderedMail(subject=subject, text=text, html=html)
