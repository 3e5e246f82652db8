"""Recording who looked at whose data: one call from each instructor page that shows it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import AccessRecord, User


def record_access(
    viewer: User, subjects: Iterable[User], what: str, context: str = ""
) -> list[AccessRecord]:
    """One row per person whose data `viewer` just opened or exported (one insert).

    Looking at your own data is not recorded: the list is for what *others* saw.
    """
    now = timezone.now()
    rows = [
        AccessRecord(
            subject=subject,
            viewer=viewer,
            viewer_name=viewer.get_full_name(),
            what=what,
            context=context[:160],
            at=now,
        )
        for subject in subjects
        if subject.pk != viewer.pk
    ]
    return AccessRecord.objects.bulk_create(rows)


def record_access_of_all(
    viewer: User, rows: QuerySet[Any], field: str, what: str, context: str = ""
) -> None:
    """`record_access` for everyone `field` of `rows` names (a user id: a cohort's export
    records its whole roster), as one INSERT ... SELECT, so no row passes through Python.

    Looking at your own data is not recorded: the viewer's own row is left out here too.
    """
    ids = rows.exclude(**{field: viewer.pk}).values_list(field).order_by()
    select, params = ids.query.sql_with_params()
    table = connection.ops.quote_name(AccessRecord._meta.db_table)
    # The table comes from the model and the SELECT from the ORM; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (subject_id, viewer_id, viewer_name, what, context, at) "  # noqa: S608
        f"SELECT ids.*, %s, %s, %s, %s, %s FROM ({select}) AS ids"
    )
    values: list[Any] = [viewer.pk, viewer.get_full_name(), what, context[:160], timezone.now()]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])


def accesses_of(subject: User, limit: int = 200) -> list[AccessRecord]:
    """The latest rows about `subject`, newest first (one query)."""
    return list(AccessRecord.objects.filter(subject=subject).order_by("-at")[:limit])
