"""Language versions' pure rules: tags, kinds, the duration tolerance, the master playlist."""

from __future__ import annotations

import pytest

from infra.errors import AppError
from media.kinds import MediaKind
from media.streaming.versions import Alternate, subtitle_playlist, with_versions
from media.tracks.domain import TrackClaim, TrackKind, check_new_track, claim, duration_fits
from media.tracks.languages import normalise

FILM_MASTER = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio",NAME="audio_1",DEFAULT=YES,URI="audio/index.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=75900,RESOLUTION=320x180,CODECS="avc1.f4000c,mp4a.40.2",AUDIO="group_audio"
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=75900,CODECS="mp4a.40.2",AUDIO="group_audio"
audio/index.m3u8
"""
SILENT_MASTER = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=75900,RESOLUTION=320x180,CODECS="avc1.f4000c"
360p/index.m3u8
"""


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr", "fr"),
        ("gcf-MQ", "gcf-MQ"),
        ("gcf", "gcf-MQ"),
        ("acf", "gcf-MQ"),
        ("CPF", "gcf-MQ"),
        ("en-gb", "en-GB"),
        ("pt-BR", "pt-BR"),
        ("es-419", "es-419"),
        ("xx", None),
        ("und", None),
        ("fr fr", None),
        ("", None),
        (None, None),
        ("fr-" + "a" * 40, None),
        ("kréyòl", None),
    ],
)
def test_tags_are_checked_against_the_registry_and_creole_aliases_folded(
    tag: str | None, expected: str | None
) -> None:
    assert normalise(tag) == expected


def test_kinds_belong_to_their_media() -> None:
    assert claim(MediaKind.AUDIO, "en", None).kind is TrackKind.VERSION
    assert claim(MediaKind.SUBTITLE, "en", None).kind is TrackKind.SUBTITLES
    assert claim(MediaKind.SUBTITLE, "en", "captions").kind is TrackKind.CAPTIONS
    for media, kind in ((MediaKind.SUBTITLE, "description"), (MediaKind.AUDIO, "captions")):
        with pytest.raises(AppError) as refused:
            claim(media, "en", kind)
        assert refused.value.code == "invalid_track_kind"


def test_one_track_per_language_and_kind_and_only_films_take_audio() -> None:
    creole = claim(MediaKind.AUDIO, "gcf-MQ", None)
    with pytest.raises(AppError) as refused:
        check_new_track(creole, MediaKind.AUDIO, [])
    assert refused.value.code == "audio_track_needs_video"
    with pytest.raises(AppError) as refused:
        check_new_track(creole, None, [])
    assert refused.value.code == "audio_track_needs_video"
    existing = [TrackClaim(MediaKind.AUDIO, "gcf-MQ", TrackKind.VERSION)]
    with pytest.raises(AppError) as refused:
        check_new_track(claim(MediaKind.AUDIO, "acf", None), MediaKind.VIDEO, existing)
    assert refused.value.code == "track_exists"
    # Subtitles in the same language are another track; so is a commentary.
    check_new_track(claim(MediaKind.SUBTITLE, "gcf-MQ", None), MediaKind.VIDEO, existing)
    check_new_track(claim(MediaKind.AUDIO, "gcf", "commentary"), MediaKind.VIDEO, existing)


@pytest.mark.parametrize(
    ("track", "video", "fits"),
    [
        (3.0, 3.0, True),
        (5.0, 3.0, True),  # 2 s is the floor
        (5.1, 3.0, False),
        (3636.0, 3600.0, True),  # 1 % of an hour: 36 s
        (3637.0, 3600.0, False),
        (9.0, 3.0, False),
    ],
)
def test_a_track_lasts_as_long_as_the_film_within_two_seconds_or_one_percent(
    track: float, video: float, fits: bool
) -> None:
    assert duration_fits(track, video) is fits


def test_versions_join_the_films_audio_group_and_every_video_variant_names_the_subtitles() -> None:
    audio = [Alternate("gcf-MQ", "version", "Kréyòl", "/media/t1/hls/audio/index.m3u8")]
    texts = [Alternate("en", "captions", 'English "SDH"', "/media/t2/subtitles/en.m3u8")]
    master = with_versions(FILM_MASTER, audio, texts, "Version originale")
    lines = master.splitlines()
    own = next(line for line in lines if 'URI="audio/index.m3u8"' in line)
    assert 'NAME="Version originale"' in own
    assert "DEFAULT=YES" in own
    creole = next(line for line in lines if 'LANGUAGE="gcf-MQ"' in line)
    assert creole.startswith('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio"')
    assert "DEFAULT=NO" in creole
    captions = next(line for line in lines if "TYPE=SUBTITLES" in line)
    assert 'NAME="English  SDH "' in captions  # no double quote inside a quoted-string
    assert "transcribes-spoken-dialog" in captions
    video = next(line for line in lines if "RESOLUTION=" in line)
    assert 'SUBTITLES="subs"' in video
    audio_only = next(line for line in lines if "STREAM-INF" in line and "RESOLUTION" not in line)
    assert "SUBTITLES" not in audio_only
    assert with_versions(FILM_MASTER, [], [], "x") == FILM_MASTER


def test_a_silent_films_first_audio_track_is_its_default() -> None:
    audio = [Alternate("fr", "description", "Français", "/media/t/hls/audio/index.m3u8")]
    master = with_versions(SILENT_MASTER, audio, [], "Version originale")
    added = next(line for line in master.splitlines() if "TYPE=AUDIO" in line)
    assert "DEFAULT=YES" in added
    assert 'AUDIO="group_audio"' in next(
        line for line in master.splitlines() if "RESOLUTION" in line
    )


def test_a_subtitle_file_is_one_segment_as_long_as_the_film() -> None:
    playlist = subtitle_playlist("en.vtt", 3.2)
    assert "#EXT-X-TARGETDURATION:4" in playlist
    assert "#EXTINF:3.200,\nen.vtt\n#EXT-X-ENDLIST" in playlist
