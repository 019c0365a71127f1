"""Helpers for the scheduling tests (and the rows of the authorisation matrix)."""

from __future__ import annotations

from uuid import UUID

from accounts.domain import Principal, Role


def principal(user_id: UUID, role: Role = Role.AUDIENCE) -> Principal:
    return Principal(user_id, f"{user_id.hex[:8]}@example.test", "Personne", role)
