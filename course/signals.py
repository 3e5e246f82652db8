"""Course writes that change cached figures replace their version tokens (course/freshness.py).

Connected in CourseConfig.ready(). Signals rather than calls in each action, so a form save, the
admin, a deletion cascade and the actions are all covered alike; bulk writes, which send no
signals, call course.freshness themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from course import freshness
from course.models import (
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
    m2m_changed.connect(
        _targets_alternates,
        sender=CohortAssignment.also_counts.through,
        dispatch_uid="fresh-target-alternates",
    )
