"""Filesystem-level transcoding with ffmpeg: source file in, rendition files in a folder out.

No database, storage or queue here: a worker calls these functions, then uploads the returned
files (in the returned order, which keeps the HLS master playlist last).
"""

from media.transcoding.audio import transcode_audio
from media.transcoding.images import make_image_derivatives
from media.transcoding.outputs import (
    PreviewWindow,
    ProgressCallback,
    RenditionFile,
    TranscodeFailed,
)
from media.transcoding.runner import run_ffmpeg
from media.transcoding.video import transcode_video

__all__ = [
    "PreviewWindow",
    "ProgressCallback",
    "RenditionFile",
    "TranscodeFailed",
    "make_image_derivatives",
    "run_ffmpeg",
    "transcode_audio",
    "transcode_video",
]
