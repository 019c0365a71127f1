"""CSV cells a spreadsheet opens as text: no formula from what a person typed.

A cell a person typed (a title, a name) that starts with `=`, `+`, `-`, `@` (or a tab or
carriage return) would run as a formula when the CSV is opened in a spreadsheet; a leading
quote makes it plain text. Amounts written by Lakou from integers are left as numbers.
"""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
