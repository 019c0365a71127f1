"""Safety gate: every uploaded file is identified by its content and checked before processing.

Public API: `inspect_file`, `SafetyLimits`, `MediaFacts`, `Rejected`, `clean_display_filename`.
"""

from __future__ import annotations

from media.safety.errors import HTTP_STATUS_BY_CODE, Rejected, SafetyGateUnavailable
from media.safety.facts import MediaFacts
from media.safety.filenames import clean_display_filename
from media.safety.gate import inspect_file
from media.safety.limits import SafetyLimits

__all__ = [
    "HTTP_STATUS_BY_CODE",
    "MediaFacts",
    "Rejected",
    "SafetyGateUnavailable",
    "SafetyLimits",
    "clean_display_filename",
    "inspect_file",
]
