"""Writing the access log (accounts.AccessRecord) from instructor pages: one call per view."""

from __future__ import annotations

from accounts.access_log import record_access, record_access_of_all
from accounts.models import AccessRecord, User
from course.models import Cohort, Enrolment


def record_page_view(viewer: User, enrolment: Enrolment) -> None:
    record_access(
        viewer, [enrolment.participant], AccessRecord.What.PARTICIPANT_PAGE, enrolment.cohort.title
    )


def record_export(viewer: User, cohort: Cohort, what: str) -> None:
    """Everyone on the roster: each export carries their name, address and figures."""
    # The roster's own rule (on_roster); its joins and order fall away in the INSERT ... SELECT.
    people = Enrolment.objects.on_roster(cohort)
    record_access_of_all(viewer, people, "participant_id", what, cohort.title)


def record_intake_view(viewer: User, enrolment: Enrolment) -> None:
    record_access(viewer, [enrolment.participant], AccessRecord.What.INTAKE, enrolment.cohort.title)
