"""The calls' part of a person's data: their submissions (answers, files' names, decisions,
how their entry fees were settled) and, as a reviewer, the calls they review, their scores and declared conflicts.

Erasing needs nothing here: every row names the person by a foreign key that cascades, so
deleting the account deletes their submissions, files, fee records, reviewer places, scores
and conflicts (the orders that paid fees are the orders module's).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from calls.tables import (
    ConflictRow,
    FeeRow,
    ReviewerRow,
    ScoreRow,
    SubmissionFileRow,
    SubmissionRow,
)
from infra.i18n.context import N_
from infra.personal_data import PersonalData, section
from infra.services import Services


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    submissions = await SubmissionRow.select(
        SubmissionRow.id,
        SubmissionRow.call,
        SubmissionRow.organisation_id,
        SubmissionRow.state,
        SubmissionRow.answers,
        SubmissionRow.created_at,
        SubmissionRow.submitted_at,
        SubmissionRow.decision,
        SubmissionRow.decided_at,
    ).where(SubmissionRow.applicant == user_id)
    ids = [row["id"] for row in submissions]
    files = (
        await SubmissionFileRow.select(
            SubmissionFileRow.submission,
            SubmissionFileRow.filename,
            SubmissionFileRow.content_type,
            SubmissionFileRow.size,
            SubmissionFileRow.uploaded_at,
        ).where(SubmissionFileRow.submission.is_in(ids))
        if ids
        else []
    )
    fees = (
        await FeeRow.select(
            FeeRow.submission, FeeRow.state, FeeRow.amount_cents, FeeRow.order_id, FeeRow.settled_at
        ).where(FeeRow.submission.is_in(ids))
        if ids
        else []
    )
    return section(
        {
            "submissions": submissions,
            "files": files,
            "entry_fees": fees,
            "calls_reviewed": await ReviewerRow.select(
                ReviewerRow.call, ReviewerRow.added_at
            ).where(ReviewerRow.user == user_id),
            "scores_given": await ScoreRow.select(
                ScoreRow.submission, ScoreRow.marks, ScoreRow.comment, ScoreRow.scored_at
            ).where(ScoreRow.reviewer == user_id),
            "conflicts_declared": await ConflictRow.select(
                ConflictRow.submission, ConflictRow.reason, ConflictRow.declared_at
            ).where(ConflictRow.reviewer == user_id),
        }
    )


PERSONAL_DATA = PersonalData(
    export=export,
    description=N_(
        "Vos candidatures aux appels (réponses, noms des fichiers joints, décisions) et, si vous "
        "évaluez des appels, vos notes et vos conflits d'intérêts déclarés."
    ),
)
