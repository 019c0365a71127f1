"""Reading `LAKOU_*` variables: the checks every section shares, each error naming its variable.

Modules read their own section through it too (`ModuleSpec.settings`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_E = TypeVar("_E", bound=StrEnum)


class SettingsReader:
    """Reads and validates one mapping of variables; every error names its variable."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._env = environ

    def raw(self, name: str) -> str | None:
        value = self._env.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def choice(self, name: str, enum: type[_E], default: _E) -> _E:
        value = self.raw(name)
        if value is None:
            return default
        try:
            return enum(value.lower())
        except ValueError:
            allowed = " | ".join(member.value for member in enum)
            raise SettingsError(f"{name}={value!r} is not one of: {allowed}") from None

    def integer(self, name: str, default: int, *, minimum: int = 0) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise SettingsError(f"{name}={value!r} is not an integer") from None
        if number < minimum:
            raise SettingsError(f"{name}={number} must be at least {minimum}")
        return number

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name}={value!r} is not a boolean (true/false)")

    def url(self, name: str, schemes: tuple[str, ...]) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in schemes or not (parts.netloc or parts.path):
            raise SettingsError(
                f"{name}={value!r} must be a URL starting with {' or '.join(schemes)}://"
            )
        return value

    def required(self, name: str, reason: str) -> str:
        value = self.raw(name)
        if value is None:
            raise SettingsError(f"{name} must be set ({reason})")
        return value

    def names(self, name: str) -> tuple[str, ...]:
        """A comma-separated list of names, each checked, duplicates dropped, order kept."""
        listed: list[str] = []
        for part in (self.raw(name) or "").split(","):
            item = part.strip().lower()
            if not item:
                continue
            if not _NAME.match(item):
                raise SettingsError(f"{name}: {item!r} is not a name (letters, digits, _ and -)")
            if item not in listed:
                listed.append(item)
        return tuple(listed)

    def accepted_risks(self) -> frozenset[str]:
        from infra.production import PRODUCTION_RISKS

        names = frozenset(
            part.strip().lower()
            for part in (self.raw("LAKOU_ACCEPT_RISKS") or "").split(",")
            if part.strip()
        )
        unknown = sorted(names - PRODUCTION_RISKS.keys())
        if unknown:
            raise SettingsError(
                f"LAKOU_ACCEPT_RISKS names unknown risks {', '.join(unknown)} "
                f"(known: {', '.join(sorted(PRODUCTION_RISKS))})"
            )
        return names

    def lakou_variables(self) -> dict[str, str]:
        """The LAKOU_* variables as given (for the modules' own sections)."""
        return {k: v for k, v in self._env.items() if k.startswith("LAKOU_")}
