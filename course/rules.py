"""The course's own rules, each written once: who completes the course.

Pages, exports and e-mails ask these functions rather than comparing numbers themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

from course.models import Cohort


def is_complete(cohort: Cohort, counts: Mapping[str, int]) -> bool:
    """Completion: present at no fewer weekly classes than the cohort's threshold.

    `counts` holds a participant's present / absent / excused marks (course.selectors.
    attended_counts); orientation and the day of mindfulness do not count.
    """
    return counts.get("present", 0) >= cohort.completion_threshold


def completion_label(cohort: Cohort, counts: Mapping[str, int], planned: int) -> str:
    """Where a participant stands against the completion threshold, in words.

    `planned` is course.selectors.classes_planned(cohort): weekly classes not cancelled.
    Excused classes were still missed, so they too reduce what is left to attend.
    """
    if is_complete(cohort, counts):
        return "Completed"
    if planned - counts.get("absent", 0) - counts.get("excused", 0) < cohort.completion_threshold:
        return "Cannot complete"
    return f"{counts.get('present', 0)} of {cohort.completion_threshold} needed"
