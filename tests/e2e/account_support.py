"""A notifier that records what the accounts module asked to send, and helpers to follow links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

from infra.notifications import NotificationKind, Notifier, ParamValue
from lakou.bootstrap import Container


@dataclass(frozen=True)
class Sent:
    kind: str
    user_id: str | None
    address: str | None
    params: dict[str, Any]
    key: str
    language: str | None = None

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(str(self.params["url"])).query)["token"][0]

    @property
    def path(self) -> str:
        parts = urlsplit(str(self.params["url"]))
        return f"{parts.path}?{parts.query}"


@dataclass
class RecordingNotifier:
    sent: list[Sent] = field(default_factory=list)

    async def notify(
        self,
        kind: NotificationKind,
        user_id: UUID,
        *,
        key: str,
        params: Mapping[str, ParamValue] | None = None,
        link: str = "",
    ) -> None:
        self.sent.append(Sent(kind.name, str(user_id), None, dict(params or {}), key))

    async def mail_address(
        self,
        kind: NotificationKind,
        address: str,
        *,
        key: str,
        language: str,
        params: Mapping[str, ParamValue] | None = None,
    ) -> None:
        self.sent.append(Sent(kind.name, None, address, dict(params or {}), key, language))

    def of(self, kind: str) -> list[Sent]:
        return [sent for sent in self.sent if sent.kind == kind]

    def last(self, kind: str) -> Sent:
        found = self.of(kind)
        assert found, f"nothing sent of kind {kind}: {[s.kind for s in self.sent]}"
        return found[-1]


def record_notifications(container: Container) -> RecordingNotifier:
    recorder = RecordingNotifier()
    port: type[Notifier] = Notifier  # type: ignore[type-abstract]
    container.services.replace(recorder, as_type=port)
    return recorder
