"""The calls' services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from calls.applications import ApplicationService
from calls.fee_repository import FeeRepository
from calls.fees import EntryFeeService
from calls.ports import CallScopes, EntryFees
from calls.repository import CallRepository
from calls.reviewing import ReviewService
from calls.service import CallService
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services


def register_calls(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    """`ApplicantWorks` and the `Notifier` are found in `services` when first used; a module
    opening calls registers who manages its scope kind in `CallScopes`, and who receives its
    calls' fees in `EntryFees`."""
    scopes = CallScopes()
    calls = CallService(CallRepository(), unit_of_work, scopes, services)
    fees = EntryFeeService(calls, FeeRepository())
    services.register(scopes)
    services.register(EntryFees())
    services.register(calls)
    services.register(fees)
    services.register(ApplicationService(calls, fees))
    services.register(ReviewService(calls))
