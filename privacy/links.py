"""Signed download links: the token names one export and stops working after 7 days."""

from __future__ import annotations

from django.core import signing

from privacy.models import EXPORT_VALID, DataExport

SALT = "stillpoint.data-export"


def download_token(item: DataExport) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(item.public_id))


def export_id_from(token: str) -> str | None:
    """The export's public id, or None for a tampered or expired link."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign(token, max_age=EXPORT_VALID)
    except signing.BadSignature:
        return None
