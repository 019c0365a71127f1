"""Transcoding real (tiny, generated) media with Debian's ffmpeg, checked with ffprobe.

Sources come from lavfi: 4 s of stereo sine, 4 s of 640x360 and 1280x720 test pattern with
sound. Each transcode runs once per session; the tests only inspect what it wrote.
"""

from __future__ import annotations

import itertools
import json
import re
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from media.transcoding import (
    PreviewWindow,
    RenditionFile,
    make_image_derivatives,
    transcode_audio,
    transcode_video,
)
from media.transcoding.runner import run_ffprobe

SECONDS = 4.0


def lavfi(dest: Path, *args: str) -> Path:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error", *args, str(dest)],
        check=True,
        timeout=60,
    )
    return dest


def make_video(dest: Path, size: str) -> Path:
    return lavfi(
        dest,
        *("-f", "lavfi", "-i", f"testsrc=size={size}:rate=25:duration={SECONDS}"),
        *("-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-shortest"),
    )


def exif_segment(**ascii_tags: str) -> bytes:
    """An APP1 Exif segment (ffmpeg's JPEG writer ignores -metadata, so we add one by hand)."""
    codes = {"Make": 0x010F, "Model": 0x0110, "Artist": 0x013B}
    values = [(codes[name], value.encode() + b"\0") for name, value in ascii_tags.items()]
    data_offset = 8 + 2 + 12 * len(values) + 4
    ifd, data = struct.pack("<H", len(values)), b""
    for code, value in values:
        ifd += struct.pack("<HHII", code, 2, len(value), data_offset + len(data))
        data += value
    payload = b"Exif\0\0II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + data
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


@dataclass(frozen=True)
class Sources:
    audio: Path
    video_360: Path
    video_720: Path
    srt_fr: Path
    vtt_gcf: Path
    photo: Path


@pytest.fixture(scope="session")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    folder = tmp_path_factory.mktemp("sources")
    audio = lavfi(
        folder / "song.flac",
        *("-f", "lavfi", "-i"),
        f"aevalsrc=0.5*sin(2*PI*440*t)|0.25*sin(2*PI*660*t):s=44100:d={SECONDS}",
    )
    srt = folder / "fr.srt"
    srt.write_bytes(
        "1\n00:00:00,500 --> 00:00:02,000\nBonjou, sa ou fè ? Été\n\n"
        "2\n00:00:02,500 --> 00:00:03,500\nMèsi\n".encode("cp1252")
    )
    vtt = folder / "gcf.vtt"
    vtt.write_text("WEBVTT\n\n00:00.500 --> 00:02.000\nKréyòl\n", encoding="utf-8")
    plain = lavfi(
        folder / "plain.jpg", "-f", "lavfi", "-i", "testsrc=size=800x600", "-frames:v", "1"
    )
    photo = folder / "photo.jpg"
    body = plain.read_bytes()
    photo.write_bytes(body[:2] + exif_segment(Make="SecretCam", Artist="Jane Doe") + body[2:])
    return Sources(
        audio=audio,
        video_360=make_video(folder / "clip360.mp4", "640x360"),
        video_720=make_video(folder / "clip720.mp4", "1280x720"),
        srt_fr=srt,
        vtt_gcf=vtt,
        photo=photo,
    )


@dataclass(frozen=True)
class Run:
    out: Path
    files: list[RenditionFile]
    progress: list[float]

    def paths(self, role: str) -> list[Path]:
        return [self.out / f.relative_path for f in self.files if f.role == role]

    def one(self, role: str) -> Path:
        (path,) = self.paths(role)
        return path


@pytest.fixture(scope="session")
def lossless_audio(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out, progress = tmp_path_factory.mktemp("audio_lossless"), list[float]()
    files = transcode_audio(
        sources.audio,
        out,
        duration_s=SECONDS,
        lossless=True,
        preview=PreviewWindow(0.0, 30.0),  # longer than the media: clamped
        on_progress=progress.append,
    )
    return Run(out, files, progress)


@pytest.fixture(scope="session")
def lossy_audio(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("audio_lossy")
    files = transcode_audio(
        sources.audio, out, duration_s=SECONDS, lossless=False, preview=PreviewWindow(1.0, 2.0)
    )
    return Run(out, files, [])


@pytest.fixture(scope="session")
def small_video(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out, progress = tmp_path_factory.mktemp("video_360"), list[float]()
    files = transcode_video(
        sources.video_360,
        out,
        duration_s=SECONDS,
        source_width=640,
        source_height=360,
        has_audio=True,
        preview=PreviewWindow(1.0, 2.0),
        subtitles={"fr": sources.srt_fr, "gcf-MQ": sources.vtt_gcf},
        on_progress=progress.append,
    )
    return Run(out, files, progress)


@pytest.fixture(scope="session")
def hd_video(sources: Sources, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("video_720")
    files = transcode_video(
        sources.video_720,
        out,
        duration_s=SECONDS,
        source_width=1280,
        source_height=720,
        has_audio=True,
        preview=PreviewWindow(),  # 30 s on a 4 s clip: clamped
    )
    return Run(out, files, [])


def probe(path: Path) -> dict[str, Any]:
    return run_ffprobe(
        path,
        "stream=codec_type,codec_name,width,height,channels,sample_rate,bit_rate:format=duration",
        timeout_s=30,
    )


def duration(path: Path) -> float:
    return float(probe(path)["format"]["duration"])


def codecs(path: Path) -> dict[str, str]:
    return {s["codec_type"]: s["codec_name"] for s in probe(path)["streams"]}


def segments(playlist: Path) -> list[float]:
    return [float(x) for x in re.findall(r"#EXTINF:([0-9.]+),", playlist.read_text())]


def master_variants(master: Path) -> list[dict[str, str]]:
    lines = master.read_text().splitlines()
    variants = []
    for line, uri in itertools.pairwise(lines):
        if line.startswith("#EXT-X-STREAM-INF:"):
            attributes = dict(re.findall(r'([A-Z-]+)=("[^"]*"|[^,]*)', line.split(":", 1)[1]))
            variants.append({k: v.strip('"') for k, v in attributes.items()} | {"URI": uri})
    return variants


def assert_published(run: Run) -> None:
    for item in run.files:
        assert (run.out / item.relative_path).is_file(), item
    assert run.files[-1].role == "hls_master"  # upload order keeps the master last
    leftovers = [p.name for p in run.out.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def assert_progress(values: list[float]) -> None:
    assert values
    assert values == sorted(values)
    assert len(set(values)) == len(values)
    assert all(0.0 <= value <= 100.0 for value in values)
    assert values[-1] == 100.0


# Audio


def test_audio_writes_every_rendition(lossless_audio: Run) -> None:
    assert_published(lossless_audio)
    roles = {f.role for f in lossless_audio.files}
    assert roles == {
        "hls_master",
        "hls_playlist",
        "hls_segment",
        "progressive",
        "download_mp3",
        "download_flac",
        "preview",
        "waveform",
    }
    types = {f.relative_path: f.content_type for f in lossless_audio.files}
    assert types["audio.m4a"] == "audio/mp4"
    assert types["download.mp3"] == "audio/mpeg"
    assert types["download.flac"] == "audio/flac"
    assert types["hls/master.m3u8"] == "application/vnd.apple.mpegurl"


def test_audio_codecs_and_durations(lossless_audio: Run) -> None:
    expected = {"progressive": "aac", "download_mp3": "mp3", "download_flac": "flac"}
    for role, codec in expected.items():
        path = lossless_audio.one(role)
        assert codecs(path) == {"audio": codec}, role
        assert duration(path) == pytest.approx(SECONDS, abs=0.1), role
    m4a = probe(lossless_audio.one("progressive"))["streams"][0]
    assert int(m4a["bit_rate"]) == pytest.approx(128_000, rel=0.1)
    assert m4a["channels"] == 2
    mp3 = probe(lossless_audio.one("download_mp3"))["streams"][0]
    assert int(mp3["bit_rate"]) == 320_000
    assert lossless_audio.one("progressive").read_bytes()[4:8] == b"ftyp"
    assert b"moov" in lossless_audio.one("progressive").read_bytes()[:4096]  # faststart


def test_audio_hls_has_a_master_and_a_media_playlist(lossless_audio: Run) -> None:
    master = lossless_audio.one("hls_master")
    (variant,) = master_variants(master)
    assert variant["URI"] == "audio/index.m3u8"
    assert "mp4a.40.2" in variant["CODECS"]
    playlist = master.parent / variant["URI"]
    assert sum(segments(playlist)) == pytest.approx(SECONDS, abs=0.1)
    assert codecs(playlist) == {"audio": "aac"}


def test_audio_preview_is_clamped_to_the_media(lossless_audio: Run, lossy_audio: Run) -> None:
    assert duration(lossless_audio.one("preview")) == pytest.approx(SECONDS, abs=0.1)
    assert duration(lossy_audio.one("preview")) == pytest.approx(2.0, abs=0.1)
    assert codecs(lossy_audio.one("preview")) == {"audio": "aac"}


def test_flac_only_for_lossless_sources(lossless_audio: Run, lossy_audio: Run) -> None:
    assert lossless_audio.paths("download_flac")
    assert not lossy_audio.paths("download_flac")
    assert not (lossy_audio.out / "download.flac").exists()
    assert_published(lossy_audio)


def test_waveform_peaks(lossless_audio: Run) -> None:
    document = json.loads(lossless_audio.one("waveform").read_text())
    assert document["version"] == 1
    assert document["sample_rate"] > 0
    peaks = document["peaks"]
    assert 700 <= len(peaks) <= 800
    assert all(0.0 <= peak <= 1.0 for peak in peaks)
    # The louder (left) channel is a 0.5 sine: every peak sees its crest.
    assert min(peaks) == pytest.approx(0.5, abs=0.05)
    assert max(peaks) == pytest.approx(0.5, abs=0.05)


def test_audio_progress_is_monotonic_and_ends_at_100(lossless_audio: Run) -> None:
    assert_progress(lossless_audio.progress)


# Video


def test_video_writes_every_rendition(small_video: Run) -> None:
    assert_published(small_video)
    roles = {f.role for f in small_video.files}
    assert roles == {
        "hls_master",
        "hls_playlist",
        "hls_segment",
        "poster",
        "preview",
        "subtitle",
    }
    labels = {f.label for f in small_video.files if f.role == "hls_playlist"}
    assert labels == {"360p", "audio"}


def test_ladder_stops_at_the_source_height(small_video: Run, hd_video: Run) -> None:
    small = master_variants(small_video.one("hls_master"))
    hd = master_variants(hd_video.one("hls_master"))
    resolutions = [v["RESOLUTION"] for v in hd if "RESOLUTION" in v]
    assert resolutions == ["640x360", "960x540", "1280x720"]
    assert [v["RESOLUTION"] for v in small if "RESOLUTION" in v] == ["640x360"]
    bandwidths = [int(v["BANDWIDTH"]) for v in hd if "RESOLUTION" in v]
    assert bandwidths == sorted(bandwidths)
    assert bandwidths[0] > 128_000


def test_variants_share_one_audio_group(hd_video: Run) -> None:
    master = hd_video.one("hls_master")
    media = [line for line in master.read_text().splitlines() if line.startswith("#EXT-X-MEDIA:")]
    assert len(media) == 1
    assert "TYPE=AUDIO" in media[0]
    group = re.search(r'GROUP-ID="([^"]+)"', media[0])
    assert group is not None
    for variant in master_variants(master):
        assert variant["AUDIO"] == group.group(1)
        if "RESOLUTION" in variant:
            assert codecs(master.parent / variant["URI"]) == {"video": "h264"}


def test_segments_are_aligned_across_variants(hd_video: Run) -> None:
    master = hd_video.one("hls_master")
    lengths = {
        v["URI"]: segments(master.parent / v["URI"])
        for v in master_variants(master)
        if "RESOLUTION" in v
    }
    assert len(lengths) == 3
    first = next(iter(lengths.values()))
    assert len(first) >= 1
    assert all(each == first for each in lengths.values()), lengths
    assert sum(first) == pytest.approx(SECONDS, abs=0.1)
    audio = segments(master.parent / "audio" / "index.m3u8")
    assert len(audio) == len(first)


def test_poster_and_preview(small_video: Run, hd_video: Run) -> None:
    poster = probe(hd_video.one("poster"))["streams"][0]
    assert (poster["codec_name"], poster["width"], poster["height"]) == ("mjpeg", 1280, 720)
    preview = probe(hd_video.one("preview"))
    video = next(s for s in preview["streams"] if s["codec_type"] == "video")
    assert (video["codec_name"], video["height"]) == ("h264", 540)
    assert codecs(hd_video.one("preview")) == {"video": "h264", "audio": "aac"}
    assert float(preview["format"]["duration"]) == pytest.approx(SECONDS, abs=0.15)  # clamped
    assert duration(small_video.one("preview")) == pytest.approx(2.0, abs=0.15)
    assert hd_video.one("preview").read_bytes()[:4096].find(b"moov") > 0  # faststart


def test_subtitles_become_webvtt_per_language(small_video: Run) -> None:
    subtitles = {
        f.label: small_video.out / f.relative_path
        for f in small_video.files
        if f.role == "subtitle"
    }
    assert set(subtitles) == {"fr", "gcf-MQ"}
    french = subtitles["fr"].read_text(encoding="utf-8")
    assert french.startswith("WEBVTT")
    assert "Bonjou, sa ou fè ? Été" in french  # Windows-1252 SRT read correctly
    assert "00:00.500 --> 00:02.000" in french
    assert "Kréyòl" in subtitles["gcf-MQ"].read_text(encoding="utf-8")


def test_video_progress_is_monotonic_and_ends_at_100(small_video: Run) -> None:
    assert_progress(small_video.progress)


def test_silent_video_has_no_audio_group(tmp_path: Path) -> None:
    src = lavfi(
        tmp_path / "silent.mp4",
        *("-f", "lavfi", "-i", "testsrc=size=480x270:rate=25:duration=2"),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
    )
    out = tmp_path / "out"
    files = transcode_video(
        src,
        out,
        duration_s=2.0,
        source_width=480,
        source_height=270,
        has_audio=False,
        preview=PreviewWindow(),
    )
    master = out / "hls" / "master.m3u8"
    assert "#EXT-X-MEDIA" not in master.read_text()
    (variant,) = master_variants(master)
    assert (variant["RESOLUTION"], variant["URI"], "AUDIO" in variant) == (
        "480x270",
        "270p/index.m3u8",
        False,
    )
    assert {f.label for f in files if f.role == "hls_playlist"} == {"270p"}
    assert codecs(out / "preview.mp4") == {"video": "h264"}


# Images


def frame_tags_of_first_frame(path: Path) -> dict[str, str]:
    result = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-show_frames", "-of", "json"),
            *("-show_entries", "frame_tags:format_tags:stream_tags", str(path)),
        ],
        capture_output=True,
        check=True,
        timeout=30,
    )
    found = json.loads(result.stdout)
    tags: dict[str, str] = {}
    for frame in found.get("frames", []):
        tags.update(frame.get("tags", {}))
    tags.update(found.get("format", {}).get("tags", {}))
    return tags


def test_image_derivatives_strip_metadata_and_never_upscale(
    sources: Sources, tmp_path: Path
) -> None:
    assert frame_tags_of_first_frame(sources.photo) == {"Make": "SecretCam", "Artist": "Jane Doe"}
    files = make_image_derivatives(sources.photo, tmp_path, widths=(320, 640, 1280))
    found = {(f.label, f.content_type) for f in files}
    assert found == {
        (label, kind)
        for label in ("320w", "640w", "800w")  # 1280 is capped at the 800 px source
        for kind in ("image/webp", "image/jpeg")
    }
    for item in files:
        path = tmp_path / item.relative_path
        stream = probe(path)["streams"][0]
        assert (
            stream["codec_name"] == {"image/webp": "webp", "image/jpeg": "mjpeg"}[item.content_type]
        )
        assert f"{stream['width']}w" == item.label
        assert stream["width"] * 3 == stream["height"] * 4
        assert frame_tags_of_first_frame(path) == {}
        assert b"SecretCam" not in path.read_bytes()


def test_image_derivatives_can_run_twice_with_one_result(sources: Sources, tmp_path: Path) -> None:
    first = make_image_derivatives(sources.photo, tmp_path, widths=(100, 200))
    second = make_image_derivatives(sources.photo, tmp_path, widths=(100, 200))
    assert first == second
    make_image_derivatives(sources.photo, tmp_path, widths=(150,))  # supersedes the others
    make_image_derivatives(sources.photo, tmp_path, widths=(120,), stem="photo")  # its own
    assert sorted(p.name for p in (tmp_path / "images").iterdir()) == [
        "cover_150.jpg",
        "cover_150.webp",
        "photo_120.jpg",
        "photo_120.webp",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["images"]
