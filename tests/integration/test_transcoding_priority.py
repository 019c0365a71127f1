"""Renditions nobody waits for yield the CPU: a listener waits for the preview and the stream,
not for the downloads, which share the same two cores."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from media.transcoding import PreviewWindow, run_ffmpeg
from media.transcoding.audio import BACKGROUND, audio_jobs
from tests.integration.test_transcoding_failures import spawned

__all__ = ["spawned"]  # the fixture recording the runner's processes

ONE_SECOND = ["ffmpeg", "-re", "-f", "lavfi", "-i", "anullsrc", "-t", "1", "-f", "null", "-"]


AUTOGROUP_ENABLED = Path("/proc/sys/kernel/sched_autogroup_enabled")


def _niceness_while_running(spawned: list[int], niceness: int) -> set[int]:
    return {seen[0] for seen in _priorities_while_running(spawned, niceness)}


def _priorities_while_running(spawned: list[int], niceness: int) -> set[tuple[int, str]]:
    """(niceness, autogroup line) of the running ffmpeg, as the kernel has them."""
    seen: set[tuple[int, str]] = set()

    def look(_: float) -> None:
        # Called as ffmpeg reports progress (the last call, at 100 %, comes once it has exited).
        with contextlib.suppress(ProcessLookupError, FileNotFoundError):
            pid = spawned[-1]
            group = Path(f"/proc/{pid}/autogroup")
            line = group.read_text().strip() if group.exists() else ""
            seen.add((os.getpriority(os.PRIO_PROCESS, pid), line))

    run_ffmpeg(ONE_SECOND, timeout_s=30, duration_s=1.0, on_progress=look, niceness=niceness)
    return seen


def test_a_background_command_runs_behind_the_others(spawned: list[int]) -> None:
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert _niceness_while_running(spawned, BACKGROUND) == {min(19, mine + BACKGROUND)}
    assert _niceness_while_running(spawned, 0) == {mine}


def test_a_background_command_yields_as_a_session_too(spawned: list[int]) -> None:
    # ffmpeg leads its own session; where the kernel shares CPU between sessions first, only
    # the session's niceness ranks it against the stream's ffmpeg (in a session of its own).
    if not AUTOGROUP_ENABLED.exists() or AUTOGROUP_ENABLED.read_text().strip() != "1":
        pytest.skip("this kernel does not group CPU time by session")
    # Each line reads "/autogroup-<n> nice <niceness>".
    behind = {line.split()[-1] for _, line in _priorities_while_running(spawned, BACKGROUND)}
    assert behind == {str(BACKGROUND)}
    ahead = {line.split()[-1] for _, line in _priorities_while_running(spawned, 0)}
    assert ahead == {"0"}


def test_an_audio_works_downloads_and_waveform_yield_to_its_preview_and_stream() -> None:
    jobs = audio_jobs(Path("track.flac"), duration_s=180, lossless=True, preview=PreviewWindow())
    background = {job.name for job in jobs if job.niceness == BACKGROUND}
    assert background == {"mp3", "m4a", "flac", "waveform"}
    assert [job.name for job in jobs if job.niceness == 0] == ["preview", "stream"]
