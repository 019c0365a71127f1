"""Why the safety gate refused a file: a stable code, an HTTP status and an actionable message.

`Rejected` is an `AppError`, so the HTTP layer answers with the usual JSON error shape and the
request id without any extra wiring. Status by family: 415 for formats and codecs, 413 for sizes,
durations and dimensions, 422 for everything else.
"""

from __future__ import annotations

from typing import Any

from infra.errors import AppError, ErrorCode
from infra.i18n.context import N_

# 415: the format or codec is not on the allowlist.
UNSUPPORTED_FORMAT = "unsupported_format"
UNSUPPORTED_CODEC = "unsupported_codec"
# 413: something is bigger, longer or wider than the configured limits.
TOO_LONG = "too_long"
DIMENSIONS_TOO_LARGE = "dimensions_too_large"
IMAGE_TOO_LARGE = "image_too_large"
FILE_TOO_LARGE = "file_too_large"
ARCHIVE_TOO_MANY_ENTRIES = "archive_too_many_entries"
ARCHIVE_BOMB = "archive_bomb"
# 422: the content is well identified but unusable as sent.
EMPTY_FILE = "empty_file"
KIND_MISMATCH = "kind_mismatch"
CORRUPT_MEDIA = "corrupt_media"
PROBE_TIMEOUT = "probe_timeout"
FRAME_RATE_TOO_HIGH = "frame_rate_too_high"
TOO_MANY_STREAMS = "too_many_streams"
ARCHIVE_UNSAFE_PATH = "archive_unsafe_path"
ARCHIVE_ENCRYPTED = "archive_encrypted"
INVALID_SUBTITLES = "invalid_subtitles"
SUBTITLE_ENCODING = "subtitle_encoding"

HTTP_STATUS_BY_CODE: dict[str, int] = {
    UNSUPPORTED_FORMAT: 415,
    UNSUPPORTED_CODEC: 415,
    TOO_LONG: 413,
    DIMENSIONS_TOO_LARGE: 413,
    IMAGE_TOO_LARGE: 413,
    FILE_TOO_LARGE: 413,
    ARCHIVE_TOO_MANY_ENTRIES: 413,
    ARCHIVE_BOMB: 413,
    EMPTY_FILE: 422,
    KIND_MISMATCH: 422,
    CORRUPT_MEDIA: 422,
    PROBE_TIMEOUT: 422,
    FRAME_RATE_TOO_HIGH: 422,
    TOO_MANY_STREAMS: 422,
    ARCHIVE_UNSAFE_PATH: 422,
    ARCHIVE_ENCRYPTED: 422,
    INVALID_SUBTITLES: 422,
    SUBTITLE_ENCODING: 422,
}


class Rejection(ErrorCode):
    """Why a file is refused: the code (one of the families above) and what to do about it."""

    # empty_file
    FILE_EMPTY = EMPTY_FILE, N_("Le fichier est vide (0 octet) : envoyez-le à nouveau.")
    ARCHIVE_EMPTY = EMPTY_FILE, N_("L'archive ne contient aucun fichier.")
    # kind_mismatch
    WRONG_KIND = (
        KIND_MISMATCH,
        N_(
            "Ce fichier est %(description)s, pas un fichier de type « %(kind)s » : envoyez-le "
            "comme %(other)s."
        ),
    )
    AUDIO_HAS_VIDEO = (
        KIND_MISMATCH,
        N_("Ce fichier contient de la vidéo : envoyez-le comme vidéo, ou exportez le son seul."),
    )
    NO_AUDIO_TRACK = KIND_MISMATCH, N_("Ce fichier n'a pas de piste audio à publier comme audio.")
    NO_VIDEO_TRACK = (
        KIND_MISMATCH,
        N_(
            "Ce fichier n'a pas de piste vidéo : si c'est de la musique ou du son, envoyez-le "
            "comme audio."
        ),
    )
    # unsupported_format
    FORMAT_REFUSED = (
        UNSUPPORTED_FORMAT,
        N_(
            "Ce fichier est %(description)s, quel que soit son nom. Pour ce type de média "
            "(%(kind)s), Lakou accepte : %(formats)s."
        ),
    )
    REFERENCING_FORMAT = (
        UNSUPPORTED_FORMAT,
        N_(
            "Le fichier a été lu comme « %(demuxer)s », un format qui peut renvoyer à d'autres "
            "fichiers : envoyez le fichier média lui-même."
        ),
    )
    NOT_AN_EPUB = (
        UNSUPPORTED_FORMAT,
        N_(
            "Cette archive ZIP n'est pas un EPUB (un EPUB commence par une entrée « mimetype » non "
            "compressée, qui contient application/epub+zip). Envoyez un PDF ou un EPUB exporté par "
            "votre logiciel d'édition."
        ),
    )
    # unsupported_codec
    AUDIO_CODEC = (
        UNSUPPORTED_CODEC,
        N_(
            "L'audio est encodé en « %(codec)s » ; Lakou accepte MP3, AAC, ALAC, FLAC, Vorbis, Opus "
            "ou PCM. Exportez-le à nouveau dans l'un de ces formats."
        ),
    )
    VIDEO_CODEC = (
        UNSUPPORTED_CODEC,
        N_(
            "La vidéo est encodée en « %(codec)s » ; Lakou accepte H.264, HEVC, VP8, VP9, AV1, "
            "ProRes, DNxHD, MPEG-4 ou MPEG-2. Exportez-la à nouveau dans l'un de ces formats."
        ),
    )
    COVER_CODEC = (
        UNSUPPORTED_CODEC,
        N_(
            "La pochette intégrée est encodée en « %(codec)s » : utilisez une pochette JPEG ou PNG."
        ),
    )
    # too_long
    AUDIO_TOO_LONG = (
        TOO_LONG,
        N_(
            "L'audio dure %(duration)s ; la limite est de %(limit)s. Découpez-le en plusieurs "
            "œuvres ou parties."
        ),
    )
    VIDEO_TOO_LONG = (
        TOO_LONG,
        N_(
            "La vidéo dure %(duration)s ; la limite est de %(limit)s. Découpez-la en plusieurs "
            "œuvres ou parties."
        ),
    )
    # dimensions_too_large, frame_rate_too_high, too_many_streams
    VIDEO_TOO_LARGE = (
        DIMENSIONS_TOO_LARGE,
        N_(
            "La vidéo mesure %(width)sx%(height)s ; la limite est de %(max_width)sx%(max_height)s "
            "(dans un sens ou dans l'autre). Exportez-la en plus petit."
        ),
    )
    FRAME_RATE = (
        FRAME_RATE_TOO_HIGH,
        N_(
            "La vidéo défile à %(fps)s images par seconde ; la limite est de %(max_fps)s. "
            "Exportez-la avec moins d'images par seconde."
        ),
    )
    STREAMS = (
        TOO_MANY_STREAMS,
        N_(
            "Le fichier compte %(count)s flux ; %(max)s au plus sont acceptés. Retirez les pistes "
            "en trop à l'export."
        ),
    )
    # image_too_large
    IMAGE_TOO_BIG = (
        IMAGE_TOO_LARGE,
        N_(
            "L'image mesure %(width)sx%(height)s pixels ; la limite est de %(max_side)s pixels de "
            "côté et de %(max_pixels)s pixels en tout. Redimensionnez-la et envoyez-la à nouveau."
        ),
    )
    COVER_TOO_BIG = (
        IMAGE_TOO_LARGE,
        N_(
            "La pochette intégrée mesure %(width)sx%(height)s pixels ; la limite est de "
            "%(max_side)s pixels de côté et de %(max_pixels)s pixels en tout. Redimensionnez-la et "
            "envoyez le fichier à nouveau."
        ),
    )
    # corrupt_media
    NO_STREAMS = (
        CORRUPT_MEDIA,
        N_(
            "Aucun son ni aucune image n'a été trouvé dans le fichier : il semble endommagé. "
            "Exportez-le à nouveau et envoyez le nouveau fichier."
        ),
    )
    NO_DURATION = (
        CORRUPT_MEDIA,
        N_(
            "La durée du fichier est illisible : il semble tronqué ou endommagé. Exportez-le à "
            "nouveau et envoyez le nouveau fichier."
        ),
    )
    NO_PICTURE_SIZE = CORRUPT_MEDIA, N_("La taille d'image de la vidéo est illisible.")
    NOT_MP4 = CORRUPT_MEDIA, N_("La structure du fichier n'est pas celle d'un MP4/MOV valide.")
    TRUNCATED = (
        CORRUPT_MEDIA,
        N_(
            "Le fichier est incomplet : il s'arrête avant la fin qu'annonce sa propre structure. "
            "Vérifiez que l'envoi est allé au bout, ou exportez le fichier à nouveau."
        ),
    )
    NO_MOOV = (
        CORRUPT_MEDIA,
        N_(
            "Le fichier n'a pas d'index (boîte moov) : l'envoi ou l'export ne s'est pas terminé. "
            "Exportez-le à nouveau et envoyez le nouveau fichier."
        ),
    )
    UNREADABLE = (
        CORRUPT_MEDIA,
        N_(
            "Le fichier est illisible : il semble tronqué ou endommagé. Vérifiez que l'envoi est "
            "allé au bout, ou exportez le fichier à nouveau."
        ),
    )
    STRUCTURE_DAMAGED = CORRUPT_MEDIA, N_("Le fichier est illisible : sa structure est endommagée.")
    IMAGE_HEADER = (
        CORRUPT_MEDIA,
        N_(
            "L'en-tête %(format)s est endommagé ou incomplet : exportez l'image à nouveau et "
            "envoyez-la."
        ),
    )
    PDF_HEADER = CORRUPT_MEDIA, N_("L'en-tête du PDF est endommagé : exportez le PDF à nouveau.")
    PDF_INCOMPLETE = (
        CORRUPT_MEDIA,
        N_(
            "Le PDF est incomplet (pas de marqueur de fin de fichier) : vérifiez que l'envoi est "
            "allé au bout, ou exportez le PDF à nouveau."
        ),
    )
    EPUB_NO_CONTAINER = (
        CORRUPT_MEDIA,
        N_(
            "L'EPUB n'a pas de fichier META-INF/container.xml, si bien que les liseuses ne peuvent "
            "pas l'ouvrir : exportez-le à nouveau."
        ),
    )
    ARCHIVE_DAMAGED = (
        CORRUPT_MEDIA,
        N_("L'archive est endommagée ou incomplète : recréez le ZIP et envoyez-le à nouveau."),
    )
    # probe_timeout
    ANALYSIS_TIMEOUT = (
        PROBE_TIMEOUT,
        N_(
            "Le fichier n'a pas pu être analysé en %(seconds)s secondes : il est peut-être "
            "endommagé, ou conçu pour bloquer l'analyse. Exportez-le à nouveau et envoyez le "
            "nouveau fichier."
        ),
    )
    # file_too_large
    SUBTITLES_TOO_BIG = (
        FILE_TOO_LARGE,
        N_(
            "Les fichiers de sous-titres sont limités à %(max)s octets, et celui-ci est plus gros. "
            "Découpez-le, ou vérifiez que c'est bien un fichier de sous-titres."
        ),
    )
    # archive_too_many_entries, archive_bomb, archive_encrypted
    TOO_MANY_ENTRIES = (
        ARCHIVE_TOO_MANY_ENTRIES,
        N_("L'archive contient plus de %(max)s entrées : regroupez le jeu en moins de fichiers."),
    )
    EXPANDS_TOO_MUCH = (
        ARCHIVE_BOMB,
        N_(
            "L'archive se décompresse en plus de %(max)s octets : découpez le jeu ou retirez les "
            "fichiers inutiles."
        ),
    )
    ENTRY_RATIO = (
        ARCHIVE_BOMB,
        N_(
            "L'archive se décompresserait bien au-delà de sa taille (l'entrée %(name)s est "
            "compressée %(ratio)s fois) : elle est refusée comme possible bombe ZIP."
        ),
    )
    TOTAL_RATIO = (
        ARCHIVE_BOMB,
        N_(
            "L'archive se décompresserait bien au-delà de sa taille (%(ratio)s fois en tout) : "
            "elle est refusée comme possible bombe ZIP."
        ),
    )
    OVERLAPPING_ENTRIES = (
        ARCHIVE_BOMB,
        N_(
            "L'archive se décompresserait bien au-delà de sa taille (des entrées se chevauchent) : "
            "elle est refusée comme possible bombe ZIP."
        ),
    )
    ENCRYPTED = (
        ARCHIVE_ENCRYPTED,
        N_("L'archive est protégée par un mot de passe : envoyez-la sans mot de passe."),
    )
    # archive_unsafe_path
    ENTRY_EMPTY_NAME = (
        ARCHIVE_UNSAFE_PATH,
        N_(
            "L'entrée %(name)s a un nom vide : utilisez des chemins relatifs simples et recréez "
            "le ZIP."
        ),
    )
    ENTRY_CONTROL_CHARACTER = (
        ARCHIVE_UNSAFE_PATH,
        N_(
            "L'entrée %(name)s a un caractère nul ou de contrôle dans son nom : utilisez des "
            "chemins relatifs simples et recréez le ZIP."
        ),
    )
    ENTRY_BIDI = (
        ARCHIVE_UNSAFE_PATH,
        N_(
            "L'entrée %(name)s a un caractère d'inversion du sens d'écriture dans son nom : "
            "utilisez des chemins relatifs simples et recréez le ZIP."
        ),
    )
    ENTRY_BACKSLASH = (
        ARCHIVE_UNSAFE_PATH,
        N_(
            "L'entrée %(name)s a une barre oblique inverse dans son chemin : utilisez des chemins "
            "relatifs simples et recréez le ZIP."
        ),
    )
    ENTRY_ABSOLUTE = (
        ARCHIVE_UNSAFE_PATH,
        N_(
            "L'entrée %(name)s a un chemin absolu : utilisez des chemins relatifs simples et "
            "recréez le ZIP."
        ),
    )
    ENTRY_CLIMBS_OUT = (
        ARCHIVE_UNSAFE_PATH,
        N_(
            "L'entrée %(name)s sort de l'archive par « .. » : utilisez des chemins relatifs "
            "simples et recréez le ZIP."
        ),
    )
    ENTRY_SYMLINK = (
        ARCHIVE_UNSAFE_PATH,
        N_("L'entrée %(name)s est un lien symbolique : incluez le vrai fichier à la place."),
    )
    ENTRY_SPECIAL = (
        ARCHIVE_UNSAFE_PATH,
        N_("L'entrée %(name)s n'est ni un fichier ordinaire ni un dossier."),
    )
    ENTRY_TWICE = ARCHIVE_UNSAFE_PATH, N_("L'entrée %(name)s figure deux fois dans l'archive.")
    # subtitle_encoding, invalid_subtitles
    SUBTITLES_UTF16 = (
        SUBTITLE_ENCODING,
        N_(
            "Les sous-titres sont encodés en UTF-16 : enregistrez-les en UTF-8 et envoyez-les à "
            "nouveau."
        ),
    )
    SUBTITLES_NOT_UTF8 = (
        SUBTITLE_ENCODING,
        N_(
            "Les sous-titres ne sont pas en UTF-8 valide (premier problème à la ligne %(line)s) : "
            "enregistrez-les en UTF-8 et envoyez-les à nouveau."
        ),
    )
    SUBTITLES_NUL = (
        INVALID_SUBTITLES,
        N_("Les sous-titres contiennent des octets nuls : ce n'est pas un fichier texte."),
    )
    VTT_HEADER_NOT_SEPARATED = (
        INVALID_SUBTITLES,
        N_(
            "Sous-titres WebVTT, ligne %(line)s : une ligne vide doit séparer l'en-tête WEBVTT des "
            "répliques."
        ),
    )
    VTT_TIMING_EXPECTED = (
        INVALID_SUBTITLES,
        N_(
            "Sous-titres WebVTT, ligne %(line)s : une ligne de minutage comme "
            "00:00:01.000 --> 00:00:03.500 était attendue."
        ),
    )
    VTT_TIMING_INVALID = (
        INVALID_SUBTITLES,
        N_("Sous-titres WebVTT, ligne %(line)s : le minutage de la réplique n'est pas valide."),
    )
    SRT_NUMBER_ALONE = (
        INVALID_SUBTITLES,
        N_(
            "Sous-titres SRT, ligne %(line)s : un numéro de réplique sans ligne de minutage après "
            "lui."
        ),
    )
    SRT_TIMING_EXPECTED = (
        INVALID_SUBTITLES,
        N_(
            "Sous-titres SRT, ligne %(line)s : une ligne de minutage comme "
            "00:00:01,000 --> 00:00:03,500 était attendue."
        ),
    )
    CUE_ENDS_BEFORE_START = (
        INVALID_SUBTITLES,
        N_("Sous-titres %(format)s, ligne %(line)s : la réplique finit avant de commencer."),
    )
    VTT_NO_CUES = INVALID_SUBTITLES, N_("Le fichier WebVTT ne contient aucune réplique.")
    NO_CUES = (
        INVALID_SUBTITLES,
        N_("Le fichier ne contient aucun sous-titre (aucune réplique SRT ou WebVTT)."),
    )


class Rejected(AppError):
    """The file is refused; nothing downstream (transcoding, publishing) may touch it."""

    http_status: int

    def __init__(self, reason: Rejection, /, *, details: Any = None, **params: Any) -> None:
        if reason.code not in HTTP_STATUS_BY_CODE:
            raise ValueError(f"unknown safety rejection code {reason.code!r}")
        super().__init__(reason, details=details, **params)
        self.http_status = HTTP_STATUS_BY_CODE[reason.code]
        self.status_code = self.http_status

    def __repr__(self) -> str:
        return f"Rejected({self.code!r}, {self.message!r})"


class SafetyGateUnavailable(RuntimeError):
    """The gate itself cannot run (ffprobe missing or unusable): a server fault, never a 4xx."""
