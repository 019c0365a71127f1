"""ffprobe adapter: local file only, one forced demuxer, a hard timeout, typed results.

The command is always
    ffprobe -v error -protocol_whitelist file -f <demuxer> [demuxer options]
            -show_format -show_streams -of json -i file:<absolute path>
The path is one of ours (never a name a user chose); `file:` stops ffmpeg from reading a protocol
out of it, the whitelist stops the demuxer from opening anything but local files, and forcing the
demuxer the sniffer identified stops ffprobe from guessing a playlist or concat format.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.i18n.formatting import number
from media.safety.errors import Rejected, Rejection, SafetyGateUnavailable

log = logging.getLogger("lakou.media.safety")

# QuickTime "data references" can point at other files; they are off by default in ffmpeg and we
# say so explicitly.
DEMUXER_OPTIONS: dict[str, tuple[str, ...]] = {
    "mov": ("-enable_drefs", "0", "-use_absolute_path", "0"),
}


@dataclass(frozen=True)
class ProbeStream:
    index: int
    codec_type: str  # "audio", "video", "subtitle", "data", "attachment", ...
    codec_name: str
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    duration_s: float | None = None
    attached_pic: bool = False  # cover art, not moving pictures


@dataclass(frozen=True)
class ProbeResult:
    format_name: str  # ffprobe's demuxer name list, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    duration_s: float | None
    streams: tuple[ProbeStream, ...]

    @property
    def demuxer(self) -> str:
        return self.format_name.split(",", 1)[0]


def ffprobe_command(path: Path, demuxer: str, executable: str = "ffprobe") -> list[str]:
    return [
        executable,
        "-v",
        "error",
        "-protocol_whitelist",
        "file",
        "-f",
        demuxer,
        *DEMUXER_OPTIONS.get(demuxer, ()),
        "-show_format",
        "-show_streams",
        "-of",
        "json",
        "-i",
        f"file:{path.resolve()}",
    ]


def run_ffprobe(
    path: Path, demuxer: str, timeout_s: float, *, executable: str | None = None
) -> ProbeResult:
    """Probe `path` with `demuxer`; Rejected for unreadable media or a probe that overruns."""
    found = executable or shutil.which("ffprobe")
    if found is None:
        raise SafetyGateUnavailable("ffprobe is not installed or not on PATH")
    command = ffprobe_command(path, demuxer, found)
    try:
        # The arguments are constants plus a path we created; no shell is involved.
        process = subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so a timeout kills all of it
        )
    except OSError as error:
        raise SafetyGateUnavailable(f"cannot run ffprobe: {error}") from error
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise Rejected(Rejection.ANALYSIS_TIMEOUT, seconds=number(timeout_s)) from None
    finally:
        if process.returncode is None:
            _kill_group(process)
            process.wait()
    if process.returncode != 0:
        log.info(
            "ffprobe refused a %s file (exit %s): %s",
            demuxer,
            process.returncode,
            stderr.decode("utf-8", "replace")[:2000],
        )
        raise Rejected(Rejection.UNREADABLE)
    try:
        return parse_probe_output(stdout)
    except ProbeOutputError as error:
        log.info("unusable ffprobe output for a %s file: %s", demuxer, error)
        raise Rejected(Rejection.STRUCTURE_DAMAGED) from error


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


class ProbeOutputError(ValueError):
    """ffprobe wrote something that is not the JSON document it normally writes."""


def parse_probe_output(raw: bytes | str) -> ProbeResult:
    """Typed view of ffprobe's JSON; ProbeOutputError when it is not what ffprobe writes."""
    try:
        data = json.loads(raw)
    except ValueError as error:  # JSONDecodeError, or undecodable bytes
        raise ProbeOutputError(f"ffprobe output is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ProbeOutputError("ffprobe output is not a JSON object")
    fmt = data.get("format")
    if not isinstance(fmt, dict) or not isinstance(fmt.get("format_name"), str):
        raise ProbeOutputError("ffprobe output has no format")
    raw_streams = data.get("streams", [])
    if not isinstance(raw_streams, list):
        raise ProbeOutputError("ffprobe streams are not a list")
    streams = tuple(_parse_stream(item) for item in raw_streams if isinstance(item, dict))
    return ProbeResult(
        format_name=fmt["format_name"],
        duration_s=_positive_float(fmt.get("duration")),
        streams=streams,
    )


def _parse_stream(item: dict[str, Any]) -> ProbeStream:
    disposition = item.get("disposition")
    attached = isinstance(disposition, dict) and disposition.get("attached_pic") == 1
    fps = _rational(item.get("avg_frame_rate")) or _rational(item.get("r_frame_rate"))
    return ProbeStream(
        index=_int(item.get("index")) or 0,
        codec_type=str(item.get("codec_type") or "unknown"),
        codec_name=str(item.get("codec_name") or "unknown"),
        width=_int(item.get("width")),
        height=_int(item.get("height")),
        fps=fps,
        sample_rate=_int(item.get("sample_rate")),
        channels=_int(item.get("channels")),
        duration_s=_positive_float(item.get("duration")),
        attached_pic=attached,
    )


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _positive_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number > 0 else None


def _rational(value: object) -> float | None:
    """ffprobe's "num/den" rates; None for "0/0" and other non-rates."""
    if not isinstance(value, str) or "/" not in value:
        return None
    num, _, den = value.partition("/")
    try:
        numerator, denominator = int(num), int(den)
    except ValueError:
        return None
    if numerator <= 0 or denominator <= 0:
        return None
    return numerator / denominator
