"""The ffprobe adapter: exact command, hard timeout that kills, typed parsing, error codes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from media.kinds import MediaKind
from media.safety import (
    HTTP_STATUS_BY_CODE,
    Rejected,
    Rejection,
    SafetyGateUnavailable,
    inspect_file,
)
from media.safety import av as safety_av
from media.safety.probe import (
    ProbeOutputError,
    ProbeResult,
    ProbeStream,
    ffprobe_command,
    parse_probe_output,
    run_ffprobe,
)


def fake_ffprobe(tmp_path: Path, script: str) -> str:
    path = tmp_path / "fake-ffprobe"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return str(path)


def test_command_is_local_only_with_a_forced_demuxer(tmp_path: Path) -> None:
    media = tmp_path / "upload-1234"
    command = ffprobe_command(media, "mov", "/usr/bin/ffprobe")
    assert command[:7] == [
        "/usr/bin/ffprobe",
        "-v",
        "error",
        "-protocol_whitelist",
        "file",
        "-f",
        "mov",
    ]
    assert command[-2:] == ["-i", f"file:{media.resolve()}"]
    assert command[-6:-2] == ["-show_format", "-show_streams", "-of", "json"]
    assert "-enable_drefs" in command


def test_a_relative_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert ffprobe_command(Path("x"), "mp3")[-1] == f"file:{tmp_path.resolve() / 'x'}"


def test_a_probe_that_overruns_is_killed_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = f"sleep 30 &\necho $! > {pid_file}\nwait\n"
    started = time.monotonic()
    with pytest.raises(Rejected) as caught:
        run_ffprobe(tmp_path / "x", "mp3", 0.5, executable=fake_ffprobe(tmp_path, script))
    assert time.monotonic() - started < 5
    assert caught.value.code == "probe_timeout"
    assert caught.value.http_status == 422
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    status = Path(f"/proc/{child}/status")
    while time.monotonic() < deadline:
        if not status.exists() or "State:\tZ" in status.read_text():
            break
        time.sleep(0.05)
    else:
        pytest.fail("the probe's child process survived the timeout")


def test_a_failing_probe_is_corrupt_media(tmp_path: Path) -> None:
    script = "echo 'moov atom not found' >&2\nexit 1\n"
    with pytest.raises(Rejected) as caught:
        run_ffprobe(tmp_path / "x", "mov", 5, executable=fake_ffprobe(tmp_path, script))
    assert caught.value.code == "corrupt_media"
    assert str(tmp_path) not in caught.value.message  # no server paths in messages


def test_a_probe_killed_by_a_signal_is_corrupt_media(tmp_path: Path) -> None:
    with pytest.raises(Rejected) as caught:
        run_ffprobe(tmp_path / "x", "mov", 5, executable=fake_ffprobe(tmp_path, "kill -SEGV $$\n"))
    assert caught.value.code == "corrupt_media"


def test_unreadable_output_is_corrupt_media(tmp_path: Path) -> None:
    with pytest.raises(Rejected) as caught:
        run_ffprobe(tmp_path / "x", "mov", 5, executable=fake_ffprobe(tmp_path, "echo '[1,2'\n"))
    assert caught.value.code == "corrupt_media"


def test_a_missing_ffprobe_is_a_server_fault_not_a_4xx(tmp_path: Path) -> None:
    with pytest.raises(SafetyGateUnavailable):
        run_ffprobe(tmp_path / "x", "mov", 5, executable=str(tmp_path / "no-such-ffprobe"))


def test_parse_probe_output() -> None:
    raw = {
        "streams": [
            {
                "index": 0,
                "codec_type": "video",
                "codec_name": "h264",
                "width": 1920,
                "height": 1080,
                "avg_frame_rate": "30000/1001",
                "r_frame_rate": "60/1",
                "duration": "12.5",
                "disposition": {"attached_pic": 0},
            },
            {
                "index": 1,
                "codec_type": "audio",
                "codec_name": "aac",
                "sample_rate": "48000",
                "channels": 2,
                "avg_frame_rate": "0/0",
                "duration": "N/A",
            },
            {
                "index": 2,
                "codec_type": "video",
                "codec_name": "mjpeg",
                "disposition": {"attached_pic": 1},
            },
            "not a stream",
        ],
        "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "12.512"},
    }
    result = parse_probe_output(json.dumps(raw))
    assert result.demuxer == "mov"
    assert result.duration_s == pytest.approx(12.512)
    video, audio, cover = result.streams
    assert (video.width, video.height, video.codec_name) == (1920, 1080, "h264")
    assert video.fps == pytest.approx(29.97, abs=0.01)
    assert not video.attached_pic
    assert (audio.sample_rate, audio.channels, audio.fps, audio.duration_s) == (
        48000,
        2,
        None,
        None,
    )
    assert cover.attached_pic


@pytest.mark.parametrize(
    "raw",
    [
        "[]",
        '{"streams": []}',
        '{"format": {"format_name": 3}}',
        '{"format": {"format_name": "x"}, "streams": {}}',
        "nope",
    ],
)
def test_parse_refuses_what_ffprobe_does_not_write(raw: str) -> None:
    with pytest.raises(ProbeOutputError):
        parse_probe_output(raw)


@pytest.mark.parametrize("duration", ["nan", "inf", "-3", "0", "N/A", None])
def test_meaningless_durations_are_none(duration: str | None) -> None:
    raw = {"format": {"format_name": "mp3", "duration": duration}, "streams": []}
    assert parse_probe_output(json.dumps(raw)).duration_s is None


def test_status_families() -> None:
    for code in ("unsupported_format", "unsupported_codec"):
        assert HTTP_STATUS_BY_CODE[code] == 415
    for code in ("too_long", "dimensions_too_large", "image_too_large", "archive_bomb"):
        assert HTTP_STATUS_BY_CODE[code] == 413
    for code in ("empty_file", "kind_mismatch", "corrupt_media", "archive_unsafe_path"):
        assert HTTP_STATUS_BY_CODE[code] == 422
    error = Rejected(Rejection.AUDIO_TOO_LONG, duration="2:00:00", limit="1:00:00")
    assert (error.code, error.message, error.http_status, error.status_code) == (
        "too_long",
        "L'audio dure 2:00:00 ; la limite est de 1:00:00. Découpez-le en plusieurs œuvres "
        "ou parties.",
        413,
        413,
    )
    # Every reason belongs to a family with its status.
    assert {reason.code for reason in Rejection} == set(HTTP_STATUS_BY_CODE)


@pytest.mark.parametrize("reported", ["hls", "concat", "image2", "dash", "flac"])
def test_a_demuxer_other_than_the_forced_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reported: str
) -> None:
    """Defence in depth: should ffprobe ever report another demuxer, the file is refused."""
    streams = (ProbeStream(index=0, codec_type="audio", codec_name="mp3", duration_s=1.0),)
    result = ProbeResult(format_name=reported, duration_s=1.0, streams=streams)
    monkeypatch.setattr(safety_av, "run_ffprobe", lambda *_, **__: result)
    path = tmp_path / "song.mp3"
    path.write_bytes(b"\xff\xfb\x90\x64" + bytes(400))
    with pytest.raises(Rejected) as caught:
        inspect_file(path, MediaKind.AUDIO)
    assert (caught.value.code, caught.value.http_status) == ("unsupported_format", 415)
