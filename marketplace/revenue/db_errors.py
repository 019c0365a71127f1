"""Recognising a unique-index violation on either database (a lost race, not a bug)."""

from __future__ import annotations

import sqlite3

import asyncpg


def is_unique_violation(error: BaseException) -> bool:
    if isinstance(error, asyncpg.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)
