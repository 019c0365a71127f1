"""The calls' services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from calls.applications import ApplicationService
from calls.ports import CallScopes
from calls.repository import CallRepository
from calls.reviewing import ReviewService
from calls.service import CallService
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services


def register_calls(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    """`ApplicantWorks`, the `Notifier` and `EntryFees` are found in `services` when first
    used; a module opening calls registers who manages its scope kind in `CallScopes`."""
    scopes = CallScopes()
    calls = CallService(CallRepository(), unit_of_work, scopes, services)
    services.register(scopes)
    services.register(calls)
    services.register(ApplicationService(calls))
    services.register(ReviewService(calls))
