"""Renditions nobody waits for yield the CPU: a listener waits for the preview and the stream,
not for the downloads, which share the same two cores."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from media.transcoding import PreviewWindow, run_ffmpeg
from media.transcoding.audio import BACKGROUND, audio_jobs
from tests.integration.test_transcoding_failures import spawned

__all__ = ["spawned"]  # the fixture recording the runner's processes

ONE_SECOND = ["ffmpeg", "-re", "-f", "lavfi", "-i", "anullsrc", "-t", "1", "-f", "null", "-"]


def _niceness_while_running(spawned: list[int], niceness: int) -> set[int]:
    seen: set[int] = set()

    def look(_: float) -> None:
        # Called as ffmpeg reports progress: its priority as the kernel has it (the last call,
        # at 100 %, comes once it has exited).
        with contextlib.suppress(ProcessLookupError):
            seen.add(os.getpriority(os.PRIO_PROCESS, spawned[-1]))

    run_ffmpeg(ONE_SECOND, timeout_s=30, duration_s=1.0, on_progress=look, niceness=niceness)
    return seen


def test_a_background_command_runs_behind_the_others(spawned: list[int]) -> None:
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert _niceness_while_running(spawned, BACKGROUND) == {min(19, mine + BACKGROUND)}
    assert _niceness_while_running(spawned, 0) == {mine}


def test_an_audio_works_downloads_and_waveform_yield_to_its_preview_and_stream() -> None:
    jobs = audio_jobs(Path("track.flac"), duration_s=180, lossless=True, preview=PreviewWindow())
    background = {job.name for job in jobs if job.niceness == BACKGROUND}
    assert background == {"mp3", "m4a", "flac", "waveform"}
    assert [job.name for job in jobs if job.niceness == 0] == ["preview", "stream"]


def test_ffmpeg_shares_the_workers_session_so_its_niceness_weighs_against_the_stream(
    spawned: list[int],
) -> None:
    # Linux schedules each session as one group (autogroup): a download alone in a session of
    # its own would get a core's share whatever its niceness. Its own process group still lets
    # a timeout kill it whole.
    groups: set[tuple[int, int]] = set()

    def look(_: float) -> None:
        with contextlib.suppress(ProcessLookupError):
            groups.add((os.getsid(spawned[-1]), os.getpgid(spawned[-1])))

    run_ffmpeg(ONE_SECOND, timeout_s=30, duration_s=1.0, on_progress=look, niceness=BACKGROUND)
    assert groups == {(os.getsid(0), spawned[-1])}
