"""The catalogue's small value types and limits: work statuses, visibility, creator kinds,
credit roles, a credit, and the bounds every text and number a creator enters must keep.

Shared by creator profiles, works, the field checks and everything outside that describes a
work (imports, exports, search); they hold no rule of their own. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_TITLE = 300
MAX_DESCRIPTION = 10_000
MAX_BIO = 5_000
MAX_CREDITS = 100
MAX_LINKS = 10
EARLIEST_YEAR = 1000
MAX_DURATION_S = 100 * 3600
MAX_NAME = 200
MAX_COMMUNE = 100


class WorkStatus(StrEnum):
    DRAFT = "draft"
    PROCESSING = "processing"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Visibility(StrEnum):
    PUBLIC = "public"  # listed and searchable once published
    UNLISTED = "unlisted"  # reachable by its link once published, never listed
    PRIVATE = "private"  # the owner and staff only


class CreatorKind(StrEnum):
    PERSON = "person"
    STRUCTURE = "structure"


class CreditRole(StrEnum):
    AUTHOR = "author"
    COMPOSER = "composer"
    LYRICIST = "lyricist"
    PERFORMER = "performer"
    ARRANGER = "arranger"
    PRODUCER = "producer"
    LABEL = "label"
    PUBLISHER = "publisher"
    DIRECTOR = "director"
    SCREENWRITER = "screenwriter"
    ANIMATOR = "animator"
    DEVELOPER = "developer"
    ILLUSTRATOR = "illustrator"
    PHOTOGRAPHER = "photographer"
    DESIGNER = "designer"
    TRANSLATOR = "translator"
    ARTISAN = "artisan"
    OTHER = "other"


@dataclass(frozen=True)
class Credit:
    name: str
    role: CreditRole
    isni: str | None = None
    ipi: str | None = None
