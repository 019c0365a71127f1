"""Safety gate: every uploaded file is identified by its content and checked before processing.

Public API: `inspect_file`, `SafetyLimits`, `MediaFacts`, `Rejected` (its `Rejection`). Cleaning the file name a
creator sent, for display, is `infra.filenames.clean_display_filename` (shared with imports).
"""

from __future__ import annotations

from media.safety.errors import HTTP_STATUS_BY_CODE, Rejected, Rejection, SafetyGateUnavailable
from media.safety.facts import MediaFacts
from media.safety.gate import inspect_file
from media.safety.limits import SafetyLimits

__all__ = [
    "HTTP_STATUS_BY_CODE",
    "MediaFacts",
    "Rejected",
    "Rejection",
    "SafetyGateUnavailable",
    "SafetyLimits",
    "inspect_file",
]
