"""The privacy notice people agree to, by version, and recording their consent."""

from __future__ import annotations

from accounts.models import ConsentRecord, User

# Bump this whenever the wording of templates/accounts/privacy_notice.html changes in
# substance: consent is to a version, and the record says which.
NOTICE_VERSION = "2026-12"


def give_consent(user: User, version: str = NOTICE_VERSION) -> ConsentRecord:
    """Record that `user` agreed to this notice (repeating it changes nothing)."""
    record, _ = ConsentRecord.objects.get_or_create(
        user=user, purpose=ConsentRecord.Purpose.HEALTH_DATA, notice_version=version
    )
    return record


def has_consented(user: User, version: str = NOTICE_VERSION) -> bool:
    return ConsentRecord.objects.filter(
        user=user, purpose=ConsentRecord.Purpose.HEALTH_DATA, notice_version=version
    ).exists()
