"""What an uploaded recording really is, judged by its first bytes rather than its name.

A browser's Content-Type and a file's extension are whatever the uploader's computer says; the
container's own signature is what a player will meet. Four containers are accepted, the ones
every current browser plays (or, for WAV, at least Chrome, Firefox and Safari).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

if TYPE_CHECKING:
    from course.models import CohortRecording

# 60 MB holds about an hour of speech at 128 kb/s MP3; deployments may change it.
DEFAULT_MAX_BYTES = 60 * 1024 * 1024


@dataclass(frozen=True)
class AudioKind:
    content_type: str
    extension: str


OGG = AudioKind("audio/ogg", "ogg")
MP3 = AudioKind("audio/mpeg", "mp3")
MP4 = AudioKind("audio/mp4", "m4a")
WAV = AudioKind("audio/wav", "wav")


def max_bytes() -> int:
    return int(getattr(settings, "STILLPOINT_RECORDING_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> AudioKind | None:
    """The audio container these opening bytes begin, or None if they begin none we accept."""
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"ID3"):
        return MP3
    # An MPEG audio frame header: eleven set sync bits, then a layer field that is not 00
    # (reserved). Raw MP3 without an ID3 tag starts like this.
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06):
        return MP3
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    return None


def check_upload(upload: UploadedFile) -> AudioKind:
    """The kind of an uploaded recording, or ValidationError (for the file field) if it is too
    large or not audio we accept. Reads only its first bytes; writes nothing."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            f"That file is {(upload.size or 0) / 1024 / 1024:.1f} MB; the limit is "
            f"{limit / 1024 / 1024:.0f} MB. Export it at a lower bit rate."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            "That file is not a recording we can play: upload MP3, Ogg/Opus, M4A or WAV."
        )
    return kind


def describe(instance: CohortRecording, upload: UploadedFile, kind: AudioKind) -> None:
    """Record on the (unsaved) row what the content was found to be."""
    instance.content_type = kind.content_type
    instance.extension = kind.extension
    instance.size = upload.size or 0
