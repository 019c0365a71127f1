"""Reading catalogue manifests: each row on its own, the whole manifest refused only when
it cannot be read at all."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from infra.errors import AppError
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.values import CreditRole, Visibility
from marketplace.imports.manifest import (
    MAX_MANIFEST_BYTES,
    MAX_ROWS,
    ManifestRow,
    decode_manifest,
    parse_manifest,
)
from media.kinds import MediaKind

NOW = datetime(2024, 6, 1, tzinfo=UTC)
HEADER = "title_fr,title_gcf,discipline,languages,year,isrc,credits,file,kind"


def _csv(*lines: str, header: str = HEADER) -> list[ManifestRow]:
    return parse_manifest("\n".join([header, *lines]) + "\n", "csv", NOW)


def _errors(rows: list[ManifestRow]) -> list[str | None]:
    return [row.error.code if row.error else None for row in rows]


def _refused(manifest: str | bytes, fmt: str = "csv") -> AppError:
    with pytest.raises(AppError) as caught:
        parse_manifest(manifest, fmt, NOW)
    assert 400 <= caught.value.status_code < 500
    return caught.value


def test_a_csv_row_becomes_validated_work_details() -> None:
    (row,) = _csv(
        'Bèlè lalin,Bèlè lalin,music,"fr;gcf",2020,FR-Z03-14-00123,'
        '"Man Ya:performer;Ti Paul:composer",belè.flac,audio'
    )
    assert row.valid
    assert row.number == 1
    assert row.file == "belè.flac"
    assert row.kind is MediaKind.AUDIO
    details = row.details
    assert details is not None
    assert details.titles == {"fr": "Bèlè lalin", "gcf-MQ": "Bèlè lalin"}
    assert details.discipline is Discipline.MUSIC
    assert details.languages == ["fr", "gcf-MQ"]
    assert details.year == 2020
    assert details.identifiers == {"isrc": "FRZ031400123"}
    assert [(c.name, c.role) for c in details.credits] == [
        ("Man Ya", CreditRole.PERFORMER),
        ("Ti Paul", CreditRole.COMPOSER),
    ]
    assert details.visibility is Visibility.PUBLIC
    assert (row.preview.start_s, row.preview.length_s) == (0.0, 30.0)


def test_french_spreadsheets_semicolons_labels_and_decimal_commas() -> None:
    header = "title_fr;discipline;file;kind;preview_start_s;preview_length_s;visibility"
    rows = _csv(
        "Kont;Patrimoine;kont.mp3;audio;1,5;12,5;Unlisted",
        ";;;;;;",  # a blank line a spreadsheet left behind: skipped, its number kept
        "Film;Cinéma & audiovisuel;film.mp4;video;;;",
        header=header,
    )
    assert [row.number for row in rows] == [1, 3]
    assert _errors(rows) == [None, None]
    assert rows[0].details is not None
    assert rows[0].details.discipline is Discipline.HERITAGE
    assert rows[0].details.visibility is Visibility.UNLISTED
    assert (rows[0].preview.start_s, rows[0].preview.length_s) == (1.5, 12.5)
    assert rows[1].details is not None
    assert rows[1].details.discipline is Discipline.FILM


def test_each_bad_row_has_its_own_error_and_sinks_nothing() -> None:
    rows = _csv(
        "Bon,,music,,,,,a.mp3,audio",
        "Zouk,,zouk,,,,,b.mp3,audio",
        "ISRC,,music,,,FR-Z03,,c.mp3,audio",
        ",,music,,,,,d.mp3,audio",
        "Chemin,,music,,,,,../../etc/passwd,audio",
        "Doublon,,music,,,,,A.MP3,audio",
        "Langue,,music,de,,,,e.mp3,audio",
        "Année,,music,,19x5,,,f.mp3,audio",
        "Rôle,,music,,,,Man Ya:singer,g.mp3,audio",
        "Genre,,music,,,,,h.mp3,subtitle",
        "Futur,,music,,3000,,,i.mp3,audio",
        "Bon aussi,,music,,,,,j.mp3,audio",
    )
    assert _errors(rows) == [
        None,
        "unknown_discipline",
        "invalid_identifier",
        "missing_title",
        "invalid_file_name",
        "duplicate_file",
        "unsupported_language",
        "invalid_year",
        "invalid_credit",
        "invalid_kind",
        "invalid_year",
        None,
    ]
    assert "zouk" in rows[1].error.message  # type: ignore[union-attr]
    assert rows[4].file is None  # a path is never kept, not even cleaned up
    assert "ligne 1" in rows[5].error.message  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "name",
    [
        "../a.mp3",
        "..",
        ".",
        "dir/a.mp3",
        "dir\\a.mp3",
        "/etc/passwd",
        "C:a.mp3",
        "a\x00.mp3",
        "a\x07.mp3",
        "evil\u202e3pm.exe",
        "evil\u200f3pm.exe",
        "evil\u061c3pm.exe",
        ".hidden.mp3",
        "x" * 201,
    ],
)
def test_file_must_be_a_plain_name_next_to_the_manifest(name: str) -> None:
    manifest = json.dumps([{"title_fr": "T", "discipline": "music", "file": name, "kind": "audio"}])
    (row,) = parse_manifest(manifest, "json", NOW)
    assert row.error is not None
    assert row.error.code == "invalid_file_name"
    assert row.file is None


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c", "\u202e", "\u2066"])
def test_the_reported_title_loses_direction_marks_and_controls(mark: str) -> None:
    """The title shown in an import report is cleaned like a file name: every bidirectional
    character the safety gate knows (including the marks U+200E, U+200F, U+061C) is dropped."""
    manifest = json.dumps(
        [
            {
                "title_fr": f"Bèlè{mark} lalin",
                "discipline": "music",
                "file": "a.mp3",
                "kind": "audio",
            },
            {
                "title_fr": f"{mark}Kont\x00{mark} ",
                "discipline": "zouk",
                "file": "b.mp3",
                "kind": "audio",
            },
        ]
    )
    good, bad = parse_manifest(manifest, "json", NOW)
    assert good.valid
    assert good.title == "Bèlè lalin"
    assert bad.error is not None  # a row with an error still names its work in the report
    assert bad.title == "Kont"


@pytest.mark.parametrize(
    "written",
    [
        "Métiers d'art et savoir-faire",
        "METIERS D\u2019ART & SAVOIR FAIRE",
        "me\u0301tiers_d_art_et_savoir_faire",
    ],
)
def test_disciplines_are_matched_folded(written: str) -> None:
    (row,) = _csv(f'A,,"{written}",,,,,a.mp3,audio')
    assert row.details is not None
    assert row.details.discipline is Discipline.CRAFTS


def test_a_file_name_is_trimmed_and_put_in_one_unicode_form() -> None:
    decomposed = "be\u0300le\u0300.flac"  # "bèlè" typed with combining accents
    manifest = json.dumps(
        [{"title_fr": "T", "discipline": "music", "file": f"  {decomposed} ", "kind": "audio"}]
    )
    (row,) = parse_manifest(manifest, "json", NOW)
    assert row.file == "bèlè.flac"


def test_json_rows_take_objects_lists_or_flat_fields() -> None:
    manifest = json.dumps(
        {
            "works": [
                {
                    "titles": {"fr": "Kont", "acf": "Kont"},
                    "descriptions": {"en": "A tale"},
                    "discipline": "heritage",
                    "languages": ["fr", "gcf"],
                    "year": 1998,
                    "duration_s": "125",
                    "credits": [{"name": "Man Ya", "role": "author", "isni": None}],
                    "identifiers": {"iswc": "T-034.524.680-1"},
                    "file": "kont.mp3",
                    "kind": "audio",
                    "preview_length_s": 20,
                },
                {"title_en": "Flat", "discipline": "books", "file": "book.pdf", "kind": "book"},
                ["not", "an", "object"],
                {
                    "title_fr": "Typo",
                    "discipline": "music",
                    "file": "x.mp3",
                    "kind": "audio",
                    "yaer": 1,
                },
                {"titles": "Kont", "discipline": "music", "file": "y.mp3", "kind": "audio"},
                {"title_fr": 12, "discipline": "music", "file": "z.mp3", "kind": "audio"},
            ]
        }
    )
    rows = parse_manifest(manifest, "json", NOW)
    assert _errors(rows) == [
        None,
        None,
        "invalid_row",
        "unknown_field",
        "invalid_field",
        "invalid_field",
    ]
    first = rows[0].details
    assert first is not None
    assert first.titles == {"fr": "Kont", "gcf-MQ": "Kont"}
    assert first.descriptions == {"en": "A tale"}
    assert first.duration_s == 125
    assert first.identifiers == {"iswc": "T-034.524.680-1"}
    assert rows[0].preview.length_s == 20
    assert rows[1].kind is MediaKind.BOOK


def test_too_many_rows_is_refused_whole() -> None:
    lines = [f"T{n},,music,,,,,f{n}.mp3,audio" for n in range(MAX_ROWS + 1)]
    assert _refused("\n".join([HEADER, *lines])).code == "too_many_rows"
    assert len(_csv(*lines[:MAX_ROWS])) == MAX_ROWS
    many = json.dumps(
        [
            {"title_fr": "T", "discipline": "music", "file": f"f{n}.mp3", "kind": "audio"}
            for n in range(MAX_ROWS + 1)
        ]
    )
    assert _refused(many, "json").code == "too_many_rows"


def test_too_big_is_413() -> None:
    huge = HEADER + "\n" + "x" * MAX_MANIFEST_BYTES
    error = _refused(huge)
    assert error.status_code == 413
    assert error.code == "manifest_too_large"


def test_wrong_encoding_is_refused_with_a_hint() -> None:
    latin1 = (HEADER + "\nBèlè,,music,,,,,a.mp3,audio\n").encode("latin-1")
    error = _refused(latin1)
    assert error.code == "manifest_encoding"
    assert "UTF-8" in error.message
    with pytest.raises(AppError):
        decode_manifest(latin1)
    # Excel's "CSV UTF-8" starts with a byte-order mark: accepted.
    (row,) = parse_manifest(
        ("\ufeff" + HEADER + "\nBèlè,,music,,,,,a.mp3,audio\n").encode(), "csv", NOW
    )
    assert row.valid
    assert _refused(HEADER + "\nA\x00,,music,,,,,a.mp3,audio\n").code == "manifest_encoding"


@pytest.mark.parametrize(
    ("manifest", "fmt", "code"),
    [
        ("", "csv", "manifest_empty"),
        (HEADER + "\n", "csv", "manifest_empty"),
        ("titre,discipline,file,kind\nA,music,a.mp3,audio\n", "csv", "unknown_column"),
        ("title_fr,file,kind\nA,a.mp3,audio\n", "csv", "missing_column"),
        ("discipline,file,kind\nmusic,a.mp3,audio\n", "csv", "missing_column"),
        ("title_fr,title_fr,discipline,file,kind\n", "csv", "duplicate_column"),
        ('title_fr,discipline,file,kind\n"A,music,a.mp3,audio\n', "csv", "manifest_unreadable"),
        ("[{", "json", "manifest_unreadable"),
        ('{"title_fr": "A"}', "json", "manifest_unreadable"),
        ("[]", "json", "manifest_empty"),
        ("[" * 100_000, "json", "manifest_unreadable"),
        ("x", "xlsx", "invalid_format"),
    ],
)
def test_an_unreadable_manifest_is_refused_whole(manifest: str, fmt: str, code: str) -> None:
    assert _refused(manifest, fmt).code == code


def test_a_row_with_too_many_cells_is_invalid_alone() -> None:
    rows = _csv("A,,music,,,,,a.mp3,audio,extra", "B,,music,,,,,b.mp3,audio")
    assert _errors(rows) == ["invalid_row", None]
