"""Transcoding pieces that need no ffmpeg run: planning, argument safety, peaks, publishing."""

from __future__ import annotations

import errno
import io
import os
import struct
from pathlib import Path

import pytest

from media.transcoding import commands
from media.transcoding.audio import audio_jobs
from media.transcoding.images import plan_sizes
from media.transcoding.outputs import PreviewWindow, TranscodeFailed, describe
from media.transcoding.runner import Progress, safe_argv
from media.transcoding.subtitles import detect_charset, subtitle_path
from media.transcoding.waveform import BadPcm, PeakReader, read_wav_header
from media.transcoding.workspace import PREFIX, Workspace, remove_abandoned


@pytest.mark.parametrize(
    ("window", "duration", "expected"),
    [
        (PreviewWindow(), 180.0, PreviewWindow(0.0, 30.0)),
        (PreviewWindow(), 4.0, PreviewWindow(0.0, 4.0)),
        (PreviewWindow(10.0, 2.0), 4.0, PreviewWindow(2.0, 2.0)),
        (PreviewWindow(60.0, 30.0), 75.0, PreviewWindow(45.0, 30.0)),
        (PreviewWindow(-5.0, 10.0), 60.0, PreviewWindow(0.0, 10.0)),
        (PreviewWindow(1.0, 2.0), 4.0, PreviewWindow(1.0, 2.0)),
    ],
)
def test_preview_window_is_clamped_to_the_media(
    window: PreviewWindow, duration: float, expected: PreviewWindow
) -> None:
    assert window.clamped(duration) == expected


def sizes(rungs: list[commands.Rung]) -> list[tuple[str, int, int]]:
    return [(rung.name, rung.width, rung.height) for rung in rungs]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ((640, 360), [("360p", 640, 360)]),
        (
            (1280, 720),
            [("360p", 640, 360), ("540p", 960, 540), ("720p", 1280, 720)],
        ),
        (
            (1920, 1080),
            [("360p", 640, 360), ("540p", 960, 540), ("720p", 1280, 720), ("1080p", 1920, 1080)],
        ),
        (
            (3840, 2160),
            [("360p", 640, 360), ("540p", 960, 540), ("720p", 1280, 720), ("1080p", 1920, 1080)],
        ),
        ((320, 240), [("240p", 320, 240)]),
        ((641, 361), [("360p", 640, 360)]),
        (
            (1080, 1920),
            [("360p", 360, 640), ("540p", 540, 960), ("720p", 720, 1280), ("1080p", 1080, 1920)],
        ),
        (
            (1920, 800),
            [("360p", 640, 266), ("540p", 960, 400), ("720p", 1280, 534), ("1080p", 1920, 800)],
        ),
    ],
)
def test_ladder_never_upscales_and_keeps_the_lowest_rung(
    source: tuple[int, int], expected: list[tuple[str, int, int]]
) -> None:
    rungs = commands.plan_ladder(*source)
    assert sizes(rungs) == expected
    for rung in rungs:
        assert rung.width % 2 == 0
        assert rung.height % 2 == 0
        assert rung.width <= source[0]
        assert rung.height <= source[1]


def test_preview_uses_540p_or_the_lowest_rung() -> None:
    assert commands.preview_rung(commands.plan_ladder(1920, 1080)).name == "540p"
    assert commands.preview_rung(commands.plan_ladder(640, 360)).name == "360p"
    assert commands.preview_rung(commands.plan_ladder(320, 240)).name == "240p"


def test_image_sizes_are_capped_at_the_source_and_deduplicated() -> None:
    assert plan_sizes((320, 640, 1280), 1000, 500) == [(320, 160), (640, 320), (1000, 500)]
    assert plan_sizes((320, 640, 1280), 200, 300) == [(200, 300)]
    assert plan_sizes((1280, 320), 4000, 3000) == [(320, 240), (1280, 960)]


def test_safe_argv_adds_flags_and_a_whitelist_before_every_input() -> None:
    argv = safe_argv(["ffmpeg", "-i", "a.wav", "-ss", "1", "-i", "b.srt", "out.mkv"])
    assert argv[:4] == ["ffmpeg", "-nostdin", "-y", "-hide_banner"]
    assert argv[4:] == [
        *("-protocol_whitelist", "file,pipe", "-i", "a.wav"),
        *("-ss", "1", "-protocol_whitelist", "file,pipe", "-i", "b.srt", "out.mkv"),
    ]
    assert safe_argv(argv) == argv  # idempotent


def test_safe_argv_refuses_a_wider_whitelist() -> None:
    with pytest.raises(ValueError, match="whitelist"):
        safe_argv(["ffmpeg", "-protocol_whitelist", "file,http", "-i", "x", "y"])


def test_built_commands_are_already_safe(tmp_path: Path) -> None:
    rungs = commands.plan_ladder(1280, 720)
    built = [
        commands.audio_preview_command(
            tmp_path / "a.flac", tmp_path / "p.m4a", window=PreviewWindow()
        ),
        commands.audio_hls_command(tmp_path / "a.flac", tmp_path),
        commands.audio_mp3_command(tmp_path / "a.flac", tmp_path / "d.mp3"),
        commands.waveform_pcm_command(tmp_path / "a.flac"),
        commands.video_ladder_command(tmp_path / "v.mp4", tmp_path, rungs=rungs, has_audio=True),
        commands.poster_command(tmp_path / "v.mp4", tmp_path / "p.jpg", at_s=1.0, rung=rungs[-1]),
        commands.image_command(tmp_path / "i.png", tmp_path, sizes=[(320, 240)], stem="cover"),
    ]
    for argv in built:
        assert safe_argv(argv) == argv
        before_input = argv[: argv.index("-i")]
        assert before_input[before_input.index("-protocol_whitelist") + 1] == "file,pipe"


def test_ladder_command_shares_one_audio_group_and_forces_aligned_keyframes(
    tmp_path: Path,
) -> None:
    argv = commands.video_ladder_command(
        tmp_path / "v.mp4", tmp_path, rungs=commands.plan_ladder(1280, 720), has_audio=True
    )
    assert argv.count("-i") == 1  # one decode
    assert argv[argv.index("-var_stream_map") + 1] == (
        "v:0,agroup:audio,name:360p v:1,agroup:audio,name:540p "
        "v:2,agroup:audio,name:720p a:0,agroup:audio,name:audio"
    )
    assert argv[argv.index("-force_key_frames") + 1] == "expr:gte(t,n_forced*2)"
    assert argv[argv.index("-sc_threshold") + 1] == "0"
    assert argv[argv.index("-maxrate:v:2") + 1] == "3000k"
    assert "split=3" in argv[argv.index("-filter_complex") + 1]


def test_flac_is_only_made_for_lossless_sources(tmp_path: Path) -> None:
    src = tmp_path / "a.wav"
    lossless = audio_jobs(src, duration_s=60, lossless=True, preview=PreviewWindow())
    lossy = audio_jobs(src, duration_s=60, lossless=False, preview=PreviewWindow())
    assert "flac" in [job.name for job in lossless]
    assert "flac" not in [job.name for job in lossy]


def test_the_preview_starts_first_and_seeks_on_its_input(tmp_path: Path) -> None:
    jobs = audio_jobs(
        tmp_path / "a.flac", duration_s=180, lossless=True, preview=PreviewWindow(40, 30)
    )
    assert [job.name for job in jobs][:2] == ["preview", "stream"]
    (step,) = jobs[0].steps(tmp_path)
    before_input = step.argv[: step.argv.index("-i")]
    assert before_input[before_input.index("-ss") + 1] == "40"
    assert before_input[before_input.index("-t") + 1] == "30"


def wav_header(sample_rate: int, channels: int, *, extra: bytes = b"") -> bytes:
    fmt = struct.pack(
        "<HHIIHH", 1, channels, sample_rate, sample_rate * channels * 2, channels * 2, 16
    )
    return (
        b"RIFF\xff\xff\xff\xffWAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + extra
        + b"data\xff\xff\xff\xff"
    )


def test_peaks_take_the_loudest_channel_whatever_the_chunking() -> None:
    rate, seconds = 1000, 2
    frames = []
    for i in range(rate * seconds):
        left = 16384 if i < rate else 0  # first second: left at half scale
        right = -32768 if i == rate * seconds - 1 else 100  # the very last frame: full scale
        frames.append(struct.pack("<hh", left, right))
    pcm = b"".join(frames)
    reader = PeakReader(duration_s=seconds, count=100)
    stream = io.BytesIO(wav_header(rate, 2, extra=b"LIST\x04\x00\x00\x00INFO") + pcm)
    header = read_wav_header(stream)
    assert header == (rate, 2)
    reader.start(sample_rate=rate, channels=2)
    rest = stream.read()
    for start in range(0, len(rest), 333):  # odd sizes: samples split across chunks
        reader.feed(rest[start : start + 333])
    peaks = reader.peaks()
    assert len(peaks) == 100
    assert peaks[:50] == [0.5] * 50
    assert peaks[50:99] == [round(100 / 32768, 4)] * 49
    assert peaks[99] == 1.0
    document = reader.document()
    assert document["duration_s"] == 2.0
    assert document["channels"] == 2


def test_peaks_of_a_short_track_are_fewer_but_valid() -> None:
    reader = PeakReader(duration_s=0.1, count=800)
    reader.consume(io.BytesIO(wav_header(8000, 1) + struct.pack("<800h", *([1000] * 800))))
    peaks = reader.peaks()
    assert 0 < len(peaks) <= 800
    assert all(0.0 <= peak <= 1.0 for peak in peaks)


def test_a_stream_that_is_not_wav_is_refused() -> None:
    with pytest.raises(BadPcm):
        read_wav_header(io.BytesIO(b"ID3 this is an mp3"))
    with pytest.raises(BadPcm):
        read_wav_header(io.BytesIO(b""))


@pytest.mark.parametrize(
    ("path", "role", "content_type", "label"),
    [
        ("hls/master.m3u8", "hls_master", "application/vnd.apple.mpegurl", None),
        ("hls/720p/index.m3u8", "hls_playlist", "application/vnd.apple.mpegurl", "720p"),
        ("hls/720p/seg_00001.m4s", "hls_segment", "video/mp4", "720p"),
        ("hls/audio/init.mp4", "hls_segment", "audio/mp4", "audio"),
        ("audio.m4a", "progressive", "audio/mp4", None),
        ("download.mp3", "download_mp3", "audio/mpeg", None),
        ("download.flac", "download_flac", "audio/flac", None),
        ("preview.m4a", "preview", "audio/mp4", None),
        ("preview.mp4", "preview", "video/mp4", None),
        ("waveform.json", "waveform", "application/json", None),
        ("poster.jpg", "poster", "image/jpeg", None),
        ("images/cover_640.webp", "image", "image/webp", "640w"),
        ("subtitles/gcf-MQ.vtt", "subtitle", "text/vtt", "gcf-MQ"),
    ],
)
def test_files_are_described(path: str, role: str, content_type: str, label: str | None) -> None:
    described = describe(path)
    assert described is not None
    assert (described.role, described.relative_path, described.content_type, described.label) == (
        role,
        path,
        content_type,
        label,
    )


def test_unknown_files_are_not_published() -> None:
    assert describe("hls/720p/index.m3u8.tmp") is None
    assert describe("ffmpeg2pass-0.log") is None


def test_progress_is_monotonic_across_stages() -> None:
    seen: list[float] = []
    progress = Progress(seen.append)
    first, second = progress.stage(0, 50), progress.stage(50, 100)
    for value in (0, 10, 5, 100):
        first(value)
    for value in (0, 50, 120):
        second(value)
    assert seen == [0.0, 5.0, 50.0, 75.0, 100.0]


def test_only_recoverable_os_errors_are_transient() -> None:
    full = TranscodeFailed.from_os_error(OSError(errno.ENOSPC, "No space left on device"), "x")
    missing = TranscodeFailed.from_os_error(OSError(errno.ENOENT, "No such file"), "x")
    assert full.transient
    assert not missing.transient
    assert TranscodeFailed("corrupt").transient is False


def test_subtitle_language_and_charset() -> None:
    assert subtitle_path("gcf-MQ") == "subtitles/gcf-MQ.vtt"
    for bad in ("../fr", "fr/..", "", "FR", "fr\x00"):
        with pytest.raises(TranscodeFailed):
            subtitle_path(bad)
    assert detect_charset("Léspwa".encode()) is None
    assert detect_charset("Léspwa".encode("cp1252")) == "CP1252"


def test_publishing_puts_the_master_last_and_replaces_stale_renditions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "hls" / "720p").mkdir(parents=True)
    (out / "hls" / "720p" / "seg_00009.m4s").write_bytes(b"stale")
    (out / "hls" / "1080p").mkdir()
    (out / "hls" / "master.m3u8").write_text("old")
    (out / "subtitles").mkdir()
    (out / "subtitles" / "en.vtt").write_text("kept: not replaced")
    with Workspace(out) as workspace:
        for name in (
            "hls/720p/seg_00000.m4s",
            "hls/720p/index.m3u8",
            "hls/master.m3u8",
            "poster.jpg",
        ):
            (workspace.path / name).parent.mkdir(parents=True, exist_ok=True)
            (workspace.path / name).write_text(name)
        (workspace.path / "stray.log").write_text("not ours")
        files = workspace.publish(replaces=["hls"])
    assert [f.relative_path for f in files] == [
        "hls/720p/seg_00000.m4s",
        "hls/720p/index.m3u8",
        "poster.jpg",
        "hls/master.m3u8",
    ]
    assert not (out / "hls" / "720p" / "seg_00009.m4s").exists()
    assert not (out / "hls" / "1080p").exists()
    assert (out / "hls" / "master.m3u8").read_text() == "hls/master.m3u8"
    assert sorted(p.name for p in out.iterdir()) == ["hls", "poster.jpg", "subtitles"]


def test_abandoned_workspaces_of_dead_processes_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / f"{PREFIX}999999999-abc"
    mine = tmp_path / f"{PREFIX}{os.getpid()}-abc"
    for folder in (dead, mine):
        folder.mkdir()
        (folder / "seg.m4s").write_bytes(b"x")
    remove_abandoned(tmp_path)
    assert not dead.exists()
    assert mine.exists()


def test_output_folders_with_percent_signs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="%"), Workspace(tmp_path / "100%"):
        pass
    assert not (tmp_path / "100%").exists()


def test_the_m4a_is_copied_from_the_streams_segments_when_this_run_made_them(
    tmp_path: Path,
) -> None:
    from media.transcoding.audio import m4a_command

    src, work = tmp_path / "track.flac", tmp_path / "out" / "m4a-job"
    encoded = m4a_command(src, work)
    assert str(src) in encoded  # no stream here: encoded from the source
    assert "aac" in encoded

    playlist = tmp_path / "out" / "hls" / "audio" / "index.m3u8"
    playlist.parent.mkdir(parents=True)
    playlist.write_text("#EXTM3U\n")
    copied = m4a_command(src, work)
    assert str(playlist) in copied
    assert str(src) not in copied
    assert copied[copied.index("-c") + 1] == "copy"
