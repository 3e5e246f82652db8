"""Version tokens for cached figures: what lets a page keep a participant's row in Redis and know
at once, on the next view, that a write has changed it.

Each enrolment, each cohort and the curricula have a token in the cache. A cached fragment is
stored under a key that includes the tokens it was computed with; every write that changes
what the fragment shows replaces the token (`enrolments_changed`, `cohort_changed`,
`curriculum_changed`), so the next view looks under a new key, misses and recomputes. Nothing
is ever deleted or overwritten in place, which is what makes it safe against a reader racing a
writer:

- the token is replaced at once *and again when the transaction commits*: a reader that read
  the data before the commit and stored its fragment after the first replacement stored it
  under a token the second replacement retires;
- a reader reads the tokens before it reads the data, so whatever it stores is at least as new
  as the token it stores it under;
- a missing token (first view, eviction, a flushed cache) is created with `add`, never `set`,
  so a reader can never put back a token a writer has just retired.

Writes reach here through model signals (course/signals.py, homework/signals.py), so form saves,
the admin, deletion cascades and the actions are all covered; the few bulk writes that send no
signals (bulk_create, queryset.update) call these functions themselves.

Lives in `course` because the lowest layer that writes such data (attendance, sessions,
enrolments) is here; homework, outcomes and teach import it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction

CURRICULA = "fresh:curricula"


def _enrolment_key(enrolment_id: int) -> str:
    return f"fresh:e:{enrolment_id}"


def _cohort_key(cohort_id: int) -> str:
    return f"fresh:c:{cohort_id}"


def _replace(keys: list[str]) -> None:
    if not keys:
        return

    def now() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    now()
    transaction.on_commit(now)


def enrolments_changed(enrolment_ids: Iterable[int | None]) -> None:
    """Something these people's figures are made of was written (a log, a check-in, a mark)."""
    _replace([_enrolment_key(pk) for pk in set(enrolment_ids) if pk is not None])


def cohort_changed(cohort_id: int | None) -> None:
    """The cohort's own settings, targets or classes changed: every row of it is out of date."""
    if cohort_id is not None:
        _replace([_cohort_key(cohort_id)])


def curriculum_changed() -> None:
    """Readings, calendars or practices changed (rare: loading or editing a curriculum)."""
    _replace([CURRICULA])


def curricula_token() -> str:
    """The curricula's token alone, for what every cohort of a curriculum shares."""
    found = cache.get(CURRICULA)
    if found is None:
        cache.add(CURRICULA, uuid.uuid4().hex, timeout=None)
        found = cache.get(CURRICULA)
    return found or uuid.uuid4().hex


class Tokens(NamedTuple):
    curricula: str
    cohort: str
    enrolments: dict[int, str]

    @property
    def shared(self) -> str:
        """What every person of the cohort shares: the curricula's and the cohort's tokens."""
        return f"{self.curricula}.{self.cohort}"


def read(cohort_id: int, enrolment_ids: Sequence[int]) -> Tokens:
    """The curricula's, the cohort's and these enrolments' tokens in one round trip, or two
    when some are missing (they are created then)."""
    keys = [CURRICULA, _cohort_key(cohort_id), *(_enrolment_key(pk) for pk in enrolment_ids)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, timeout=None)
        # Whatever is there now: ours, or a writer's that came in between.
        found.update(cache.get_many(missing))

    def token(key: str) -> str:
        # Evicted between add and get: a token nobody else has, so nothing cached is reused.
        return found.get(key) or uuid.uuid4().hex

    return Tokens(
        token(CURRICULA),
        token(_cohort_key(cohort_id)),
        {pk: token(_enrolment_key(pk)) for pk in enrolment_ids},
    )


def tokens(cohort_id: int, enrolment_ids: Sequence[int]) -> tuple[str, dict[int, str]]:
    """(the cohort's and curricula's token together, {enrolment id: its token})."""
    found = read(cohort_id, enrolment_ids)
    return found.shared, found.enrolments
