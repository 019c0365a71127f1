"""The film's master playlist: the lowest rung's (with the audio) joined by the other rungs'."""

from __future__ import annotations

from media.transcoding.master_playlist import parse_master, with_more_rungs

FIRST = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio",NAME="audio_1",DEFAULT=YES,URI="audio/index.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=1020800,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_audio"
360p/index.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=140800,CODECS="mp4a.40.2",AUDIO="group_audio"
audio/index.m3u8
"""

MORE = """#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=3300000,RESOLUTION=1280x720,CODECS="avc1.64001f"
720p/index.m3u8

#EXT-X-STREAM-INF:BANDWIDTH=1760000,RESOLUTION=960x540,CODECS="avc1.64001f"
540p/index.m3u8
"""


def test_the_other_rungs_join_the_audio_group_in_bandwidth_order() -> None:
    combined = parse_master(with_more_rungs(parse_master(FIRST), parse_master(MORE)).render())

    assert [v.uri for v in combined.variants] == [
        "360p/index.m3u8",
        "540p/index.m3u8",
        "720p/index.m3u8",
        "audio/index.m3u8",
    ]
    hd = combined.variants[2].attributes
    assert hd["BANDWIDTH"] == str(3300000 + 140800)
    assert hd["CODECS"] == '"avc1.64001f,mp4a.40.2"'
    assert hd["AUDIO"] == '"group_audio"'
    assert hd["RESOLUTION"] == "1280x720"
    (audio,) = combined.alternates
    assert audio["URI"] == '"audio/index.m3u8"'
    assert audio["TYPE"] == "AUDIO"


def test_a_silent_film_keeps_its_rungs_as_they_are() -> None:
    silent = FIRST.replace(',mp4a.40.2",AUDIO="group_audio"', '"').split(
        "\n#EXT-X-STREAM-INF:BANDWIDTH=140800"
    )[0]
    silent = silent.replace(
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio",NAME="audio_1",DEFAULT=YES,URI="audio/index.m3u8"\n',
        "",
    )
    combined = with_more_rungs(parse_master(silent), parse_master(MORE))

    assert combined.alternates == []
    assert [v.attributes["BANDWIDTH"] for v in combined.variants] == [
        "1020800",
        "1760000",
        "3300000",
    ]
    assert all("AUDIO" not in v.attributes for v in combined.variants)
