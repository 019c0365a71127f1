"""Run ffmpeg and ffprobe as killable subprocesses, with progress, a deadline and a clear reason.

Every ffmpeg run gets `-nostdin -y -hide_banner` and `-protocol_whitelist file,pipe` before each
input (added when the arguments lack them). ffmpeg starts in its own process group, so on a
timeout, an exception or an interruption the whole group is killed with SIGKILL and reaped
before the error propagates. It stays in the worker's session: Linux schedules each session
(autogroup) as one unit, so in a session of its own a download's niceness would weigh only
against itself, and the stream would share the cores with it evenly.

Progress comes from `-progress pipe:<fd>` on a dedicated pipe (stdout stays free for data an
output streams to `pipe:1`, such as the waveform's PCM); `out_time_us` over the media duration
gives the percentage. Callbacks run in the calling thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import IO, Any

from media.transcoding.outputs import ProgressCallback, TranscodeFailed

FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"
GLOBAL_FLAGS = ("-nostdin", "-y", "-hide_banner")
PROTOCOL_WHITELIST = ("-protocol_whitelist", "file,pipe")
STDERR_TAIL_LINES = 40
REASON_LINES = 6
POLL_S = 0.2
REAP_TIMEOUT_S = 10.0
_TRANSIENT_MARKERS = ("No space left on device", "Cannot allocate memory", "Disk quota exceeded")

SINK_GRACE_S = 1.0
STDOUT_PIPE_BYTES = 1 << 20

StdoutSink = Callable[[IO[bytes]], None]


class _SinkFailed(TranscodeFailed):
    """The stdout reader raised; ffmpeg is killed unless it already failed on its own."""


class Deadline:
    """One time budget shared by the several processes of a job."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._end = time.monotonic() + timeout_s

    def remaining(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            raise TranscodeFailed(f"timed out after {self.timeout_s:g} s", transient=False)
        return left


class Progress:
    """Makes a callback monotonic (0..100, one decimal) and splits it into stages."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._last = -1.0

    def report(self, percent: float) -> None:
        value = round(min(100.0, max(0.0, percent)), 1)
        if self._callback is not None and value > self._last:
            self._last = value
            self._callback(value)

    def stage(self, start: float, end: float) -> ProgressCallback:
        """A callback whose 0..100 maps onto start..end of this one."""
        return lambda percent: self.report(start + (end - start) * percent / 100.0)


def safe_argv(args: Sequence[str]) -> list[str]:
    """The same command with the global flags and a file,pipe whitelist before every input."""
    argv = [str(arg) for arg in args]
    if not argv:
        raise ValueError("empty ffmpeg command")
    head = [argv[0]] + [flag for flag in GLOBAL_FLAGS if flag not in argv[1:]]
    rest: list[str] = []
    whitelisted = False
    args_left = iter(argv[1:])
    for arg in args_left:
        if arg == "-protocol_whitelist":
            value = next(args_left, "")
            if value != PROTOCOL_WHITELIST[1]:
                raise ValueError(f"refusing protocol whitelist {value!r}")
            rest += [arg, value]
            whitelisted = True
        elif arg == "-i":
            if not whitelisted:
                rest += PROTOCOL_WHITELIST
            rest += [arg, next(args_left, "")]
            whitelisted = False
        else:
            rest.append(arg)
    return head + rest


def run_ffmpeg(
    args: Sequence[str],
    *,
    timeout_s: float,
    duration_s: float | None,
    on_progress: ProgressCallback | None,
    stdout_sink: StdoutSink | None = None,
    niceness: int = 0,
) -> None:
    """Run one ffmpeg command to completion or raise TranscodeFailed.

    `args` is the whole command starting with the executable (as built by `commands`).
    `niceness` > 0 runs it behind the others for the CPU (renditions nobody waits for).
    `stdout_sink`, when given, is called in a helper thread with ffmpeg's stdout (for an output
    written to `pipe:1`); whatever it leaves unread is drained. Raises TranscodeFailed with the
    tail of ffmpeg's log as the reason; on timeout, on an exception (from the sink or the
    progress callback) or on an interruption the process group is killed first.
    """
    progress = Progress(on_progress)
    argv = safe_argv(args)
    read_fd, write_fd = os.pipe()
    argv[1:1] = ["-progress", f"pipe:{write_fd}", "-nostats"]
    try:
        process = _spawn(argv, write_fd, with_stdout=stdout_sink is not None)
    except OSError as exc:
        os.close(read_fd)
        raise TranscodeFailed.from_os_error(exc, f"cannot start {argv[0]}") from exc
    finally:
        os.close(write_fd)
    if niceness > 0:
        # Raising a child's niceness needs no privilege; a refusal only costs priority.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, niceness)
    events: queue.Queue[float | None] = queue.Queue()
    tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
    sink_errors: list[BaseException] = []
    threads = [
        _thread(_read_progress, read_fd, duration_s, events),
        _thread(_read_stderr, process.stderr, tail),
    ]
    if stdout_sink is not None:
        threads.append(_thread(_feed_sink, process.stdout, stdout_sink, sink_errors, events))
    try:
        _follow(process, events, progress, timeout_s, sink_errors)
    except BaseException as exc:
        if isinstance(exc, _SinkFailed):
            # The reader often fails because ffmpeg died first: then ffmpeg's reason is the one.
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=SINK_GRACE_S)
        own_failure = process.returncode
        kill_group(process)
        _join(threads)
        if isinstance(exc, _SinkFailed) and own_failure:
            raise _failure(own_failure, tail) from exc
        if isinstance(exc, TranscodeFailed):
            raise
        if isinstance(exc, Exception):
            raise TranscodeFailed(f"ffmpeg run aborted: {exc!r}", transient=False) from exc
        raise  # KeyboardInterrupt, SystemExit, worker interruptions: killed, then propagated
    _join(threads)
    if process.returncode != 0:
        raise _failure(process.returncode, tail)
    if sink_errors:
        raise _SinkFailed(f"reading ffmpeg output failed: {sink_errors[0]!r}")
    if any(thread.is_alive() for thread in threads):
        raise TranscodeFailed("ffmpeg finished but its output was not fully read")
    progress.report(100.0)


def _spawn(argv: list[str], progress_fd: int, *, with_stdout: bool) -> subprocess.Popen[bytes]:
    """Start ffmpeg in its own process group (killable as a whole), in the worker's session."""
    # A roomy stdout pipe so ffmpeg rarely waits on a busy reader; the kernel may refuse
    # (pipe-max-size, per-user pipe quota), and then the default size does.
    for pipesize in (STDOUT_PIPE_BYTES, -1) if with_stdout else (-1,):
        try:
            # A list argv (no shell) built by `commands` and checked by safe_argv.
            return subprocess.Popen(  # noqa: S603
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if with_stdout else subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=(progress_fd,),
                process_group=0,
                pipesize=pipesize,
            )
        except PermissionError:
            if pipesize == -1:
                raise
    raise AssertionError("unreachable")


def _follow(
    process: subprocess.Popen[bytes],
    events: queue.Queue[float | None],
    progress: Progress,
    timeout_s: float,
    sink_errors: list[BaseException],
) -> None:
    deadline = time.monotonic() + timeout_s
    progress.report(0.0)
    progress_open = True
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TranscodeFailed(f"timed out after {timeout_s:.3g} s", transient=False)
        if sink_errors:
            raise _SinkFailed(f"reading ffmpeg output failed: {sink_errors[0]!r}")
        if not progress_open:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=min(left, POLL_S))
                return
            continue
        try:
            event = events.get(timeout=min(left, POLL_S))
        except queue.Empty:
            continue
        if event is None:
            progress_open = False
        else:
            progress.report(min(event, 99.9))


def _read_progress(fd: int, duration_s: float | None, events: queue.Queue[float | None]) -> None:
    try:
        with open(fd, "rb", buffering=0, closefd=True) as pipe:
            for raw in iter(pipe.readline, b""):
                key, _, value = raw.decode("ascii", "replace").strip().partition("=")
                if key == "out_time_us" and duration_s and value.lstrip("-").isdigit():
                    events.put(max(0.0, int(value) / 1e6 / duration_s * 100.0))
    finally:
        events.put(None)


def _read_stderr(stream: IO[bytes] | None, tail: deque[str]) -> None:
    if stream is None:
        return
    with stream:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                tail.append(line)


def _feed_sink(
    stream: IO[bytes] | None,
    sink: StdoutSink,
    errors: list[BaseException],
    events: queue.Queue[float | None],
) -> None:
    if stream is None:
        return
    with stream:
        try:
            sink(stream)
        except BaseException as exc:
            errors.append(exc)
            events.put(-1.0)  # wake the main loop; it sees the error and kills ffmpeg
            return
        while stream.read(1 << 16):
            pass


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL ffmpeg's whole process group and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=REAP_TIMEOUT_S)


def _thread(target: Callable[..., None], *args: Any) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def _join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(timeout=REAP_TIMEOUT_S)


def _failure(returncode: int, tail: deque[str]) -> TranscodeFailed:
    log = " | ".join(list(tail)[-REASON_LINES:]) or "no error output"
    if returncode < 0:
        name = signal.Signals(-returncode).name if -returncode in signal.valid_signals() else ""
        # Killed from outside (the OOM killer, an operator): another attempt can succeed.
        return TranscodeFailed(
            f"ffmpeg killed by signal {name or -returncode}: {log}", transient=True
        )
    transient = any(marker in line for line in tail for marker in _TRANSIENT_MARKERS)
    return TranscodeFailed(f"ffmpeg exited with status {returncode}: {log}", transient=transient)


def run_ffprobe(path: os.PathLike[str] | str, entries: str, *, timeout_s: float) -> dict[str, Any]:
    """ffprobe's JSON for `-show_entries entries` on a local file (file protocol only)."""
    argv = [
        FFPROBE,
        *PROTOCOL_WHITELIST,
        "-v",
        "error",
        "-of",
        "json",
        "-show_entries",
        entries,
        os.fspath(path),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - list argv, no shell, fixed options
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout_s,
            check=False,
            start_new_session=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise TranscodeFailed(f"ffprobe timed out after {timeout_s:g} s") from exc
    except OSError as exc:
        raise TranscodeFailed.from_os_error(exc, f"cannot start {FFPROBE}") from exc
    if done.returncode != 0:
        log = done.stderr.decode("utf-8", "replace").strip().splitlines()[-REASON_LINES:]
        raise TranscodeFailed(f"ffprobe exited with status {done.returncode}: {' | '.join(log)}")
    result = json.loads(done.stdout or b"{}")
    if not isinstance(result, dict):
        raise TranscodeFailed("ffprobe returned unexpected output")
    return result
