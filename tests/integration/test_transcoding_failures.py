"""Transcoding that goes wrong: corrupt input, timeouts, aborts. Nothing is left behind."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from media.transcoding import (
    PreviewWindow,
    TranscodeFailed,
    make_image_derivatives,
    run_ffmpeg,
    transcode_audio,
    transcode_video,
)
from media.transcoding.workspace import PREFIX as WORKSPACE_PREFIX

SECONDS = 4.0


@pytest.fixture(scope="session")
def hd_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("failing_sources") / "clip720.mp4"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"),
            *("-f", "lavfi", "-i", f"testsrc=size=1280x720:rate=25:duration={SECONDS}"),
            *("-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            *("-c:a", "aac", "-shortest", str(dest)),
        ],
        check=True,
        timeout=60,
    )
    return dest


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pids of every process the runner starts during the test."""
    pids: list[int] = []
    real_popen = subprocess.Popen

    def recording_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] = real_popen(*args, **kwargs)
        pids.append(process.pid)
        return process

    monkeypatch.setattr(subprocess, "Popen", recording_popen)  # what the runner calls
    return pids


def assert_all_gone(pids: list[int]) -> None:
    assert pids
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # neither running nor a zombie: killed and reaped
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)  # and nothing else is left in its process group


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*")] if folder.exists() else []


def test_corrupt_audio_fails_for_good_and_leaves_nothing(tmp_path: Path) -> None:
    src = tmp_path / "song.flac"
    src.write_text("<html>this is not audio</html>")
    out = tmp_path / "out"
    with pytest.raises(TranscodeFailed) as failure:
        transcode_audio(src, out, duration_s=SECONDS, lossless=True, preview=PreviewWindow())
    assert failure.value.transient is False
    assert failure.value.reason.startswith("ffmpeg exited with status 1: ")
    assert files_under(out) == []


def test_truncated_video_fails_for_good_and_leaves_nothing(hd_clip: Path, tmp_path: Path) -> None:
    src = tmp_path / "truncated.mp4"
    src.write_bytes(hd_clip.read_bytes()[: hd_clip.stat().st_size // 2])  # the moov atom is lost
    out = tmp_path / "out"
    with pytest.raises(TranscodeFailed) as failure:
        transcode_video(
            src,
            out,
            duration_s=SECONDS,
            source_width=1280,
            source_height=720,
            has_audio=True,
            preview=PreviewWindow(),
        )
    assert failure.value.transient is False
    assert "moov atom not found" in failure.value.reason
    assert files_under(out) == []


def test_an_image_ffmpeg_cannot_read_fails_for_good(tmp_path: Path) -> None:
    src = tmp_path / "cover.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(TranscodeFailed) as failure:
        make_image_derivatives(src, tmp_path / "out")
    assert failure.value.transient is False
    assert files_under(tmp_path / "out") == []


def test_timeout_kills_the_process_group_and_leaves_nothing(
    hd_clip: Path, tmp_path: Path, spawned: list[int]
) -> None:
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(TranscodeFailed) as failure:
        transcode_video(
            hd_clip,
            out,
            duration_s=SECONDS,
            source_width=1280,
            source_height=720,
            has_audio=True,
            preview=PreviewWindow(),
            timeout_s=0.5,
        )
    assert time.monotonic() - started < 5
    assert failure.value.transient is False
    assert "timed out" in failure.value.reason
    assert_all_gone(spawned)
    # Nothing half-made is left: a rendition whose job ended before the deadline (the lowest
    # rung on a quiet machine) stays published whole; no job's private folder remains.
    assert not [path for path in files_under(out) if path.name.startswith(WORKSPACE_PREFIX)]
    published = {path.relative_to(out).parts[0] for path in files_under(out)}
    if "hls" in published:
        assert (out / "hls" / "master.m3u8").exists()


def test_an_exception_in_the_progress_callback_kills_ffmpeg(
    hd_clip: Path, tmp_path: Path, spawned: list[int]
) -> None:
    def cancel(percent: float) -> None:
        if percent > 1:
            raise RuntimeError("job cancelled")

    out = tmp_path / "out"
    with pytest.raises(TranscodeFailed) as failure:
        transcode_video(
            hd_clip,
            out,
            duration_s=SECONDS,
            source_width=1280,
            source_height=720,
            has_audio=True,
            preview=PreviewWindow(),
            on_progress=cancel,
        )
    assert "job cancelled" in failure.value.reason
    assert isinstance(failure.value.__cause__, RuntimeError)
    assert_all_gone(spawned)
    assert files_under(out) == []


def test_run_ffmpeg_times_out_on_an_endless_command(spawned: list[int]) -> None:
    endless = ["ffmpeg", "-re", "-f", "lavfi", "-i", "anullsrc", "-f", "null", "-"]
    started = time.monotonic()
    with pytest.raises(TranscodeFailed, match=r"timed out after 0\.5 s"):
        run_ffmpeg(endless, timeout_s=0.5, duration_s=None, on_progress=None)
    assert time.monotonic() - started < 3
    assert_all_gone(spawned)


def test_run_ffmpeg_reports_the_log_tail(tmp_path: Path) -> None:
    with pytest.raises(TranscodeFailed) as failure:
        run_ffmpeg(
            ["ffmpeg", "-i", str(tmp_path / "missing.wav"), str(tmp_path / "x.mp3")],
            timeout_s=30,
            duration_s=None,
            on_progress=None,
        )
    assert "No such file or directory" in failure.value.reason
    assert failure.value.transient is False


def test_run_ffmpeg_refuses_inputs_outside_file_and_pipe(tmp_path: Path) -> None:
    playlist = tmp_path / "evil.m3u8"
    playlist.write_text("#EXTM3U\n#EXTINF:1,\nhttp://127.0.0.1:9/secret.ts\n#EXT-X-ENDLIST\n")
    with pytest.raises(TranscodeFailed):
        run_ffmpeg(
            ["ffmpeg", "-i", str(playlist), "-f", "null", "-"],
            timeout_s=30,
            duration_s=None,
            on_progress=None,
        )


def test_bad_subtitles_fail_before_anything_is_published(hd_clip: Path, tmp_path: Path) -> None:
    notes = tmp_path / "fr.txt"
    notes.write_text("not subtitles")
    out = tmp_path / "out"
    with pytest.raises(TranscodeFailed, match=r"\.srt or \.vtt"):
        transcode_video(
            hd_clip,
            out,
            duration_s=SECONDS,
            source_width=1280,
            source_height=720,
            has_audio=True,
            preview=PreviewWindow(),
            subtitles={"fr": notes},
        )
    assert files_under(out) == []
