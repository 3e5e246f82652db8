"""Course writes that change cached figures replace their version tokens (course/freshness.py).

Connected in CourseConfig.ready(). Signals rather than calls in each action, so a form save, the
admin, a deletion cascade and the actions are all covered alike; bulk writes, which send no
signals, call course.freshness themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from course import freshness
from course.models import (
    Announcement,
    AnnouncementDismissal,
    Attendance,
    ClassSession,
    Cohort,
    CohortAssignment,
    CurriculumWeek,
    Enrolment,
    InformalHomework,
    Practice,
    PracticeAssignment,
    Reading,
)


def _enrolment(sender: Any, instance: Enrolment, **kwargs: Any) -> None:
    freshness.enrolments_changed([instance.pk])


def _attendance(sender: Any, instance: Attendance, **kwargs: Any) -> None:
    freshness.enrolments_changed([instance.enrolment_id])


def _cohort(sender: Any, instance: Cohort, **kwargs: Any) -> None:
    freshness.cohort_changed(instance.pk)


def _of_cohort(sender: Any, instance: ClassSession | CohortAssignment, **kwargs: Any) -> None:
    freshness.cohort_changed(instance.cohort_id)


def _targets_alternates(sender: Any, instance: Any, **kwargs: Any) -> None:
    # "Also counts" of a cohort's target (instance is the target, or a practice when reversed).
    if isinstance(instance, CohortAssignment):
        freshness.cohort_changed(instance.cohort_id)
    else:
        freshness.curriculum_changed()


def _announcement(sender: Any, instance: Announcement, **kwargs: Any) -> None:
    # Edited or about to be deleted: its recipients' dashboards show it (one query; rare).
    freshness.enrolments_changed(instance.recipients.values_list("pk", flat=True))


def _recipients(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    """Recipients added to (or taken from) an announcement: their dashboards change."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Announcement):
        ids = list(pk_set or []) or list(instance.recipients.values_list("pk", flat=True))
    else:  # the reverse side: an enrolment's announcements changed
        ids = [instance.pk]
    freshness.enrolments_changed(ids)


def _dismissal(sender: Any, instance: AnnouncementDismissal, **kwargs: Any) -> None:
    freshness.enrolments_changed([instance.enrolment_id])


def _curriculum(sender: Any, **kwargs: Any) -> None:
    freshness.curriculum_changed()


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_enrolment, sender=Enrolment, dispatch_uid="fresh-enrolment")
        signal.connect(_attendance, sender=Attendance, dispatch_uid="fresh-attendance")
        signal.connect(_cohort, sender=Cohort, dispatch_uid="fresh-cohort")
        signal.connect(_of_cohort, sender=ClassSession, dispatch_uid="fresh-session")
        signal.connect(_of_cohort, sender=CohortAssignment, dispatch_uid="fresh-target")
        for model in (Practice, CurriculumWeek, Reading, InformalHomework, PracticeAssignment):
            signal.connect(_curriculum, sender=model, dispatch_uid=f"fresh-{model.__name__}")
    post_save.connect(_announcement, sender=Announcement, dispatch_uid="fresh-announcement")
    pre_delete.connect(_announcement, sender=Announcement, dispatch_uid="fresh-announcement-gone")
    for signal in (post_save, post_delete):
        signal.connect(_dismissal, sender=AnnouncementDismissal, dispatch_uid="fresh-dismissal")
    m2m_changed.connect(
        _recipients, sender=Announcement.recipients.through, dispatch_uid="fresh-recipients"
    )
    m2m_changed.connect(
        _targets_alternates,
        sender=CohortAssignment.also_counts.through,
        dispatch_uid="fresh-target-alternates",
    )
