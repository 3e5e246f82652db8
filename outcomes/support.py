"""What the support pages fill in: the urgent-help block and how to reach the instructor.

The urgent-help text comes from the cohort (CohortSupport, set in the admin) or else from the
deployment (settings.STILLPOINT_URGENT_HELP); when neither is set, nothing is shown. Stillpoint
never supplies numbers of its own. There is no private messaging on Stillpoint yet, so "reach
your instructor" is the cohort's contact address (or its instructors' addresses), as mailto links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import User
from course.models import Cohort, Enrolment
from outcomes.models import CohortSupport

SHOWN_TO = [Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]


@dataclass
class Support:
    urgent_help: str = ""  # Markdown, from an admin: the text loader sanitises it
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (name, address)
    signed_in: bool = False


def _cohort_of(user: User) -> Cohort | None:
    enrolment = (
        Enrolment.objects.filter(participant=user, status__in=SHOWN_TO)
        .select_related("cohort")
        .order_by("status", "-cohort__start_date")
        .first()
    )
    return enrolment.cohort if enrolment else None


def support_for(user: User | AnonymousUser) -> Support:
    """The blocks for this visitor: their own cohort's, else the deployment's (3 queries)."""
    deployment = str(getattr(settings, "STILLPOINT_URGENT_HELP", "") or "")
    if not user.is_authenticated:
        return Support(urgent_help=deployment)
    cohort = _cohort_of(user)  # type: ignore[arg-type]
    if cohort is None:
        return Support(urgent_help=deployment, signed_in=True)
    own = CohortSupport.objects.filter(cohort=cohort).first()
    urgent = own.urgent_help if own and own.urgent_help.strip() else deployment
    if own and own.contact_email:
        contacts = [("Your instructors", own.contact_email)]
    else:
        contacts = [(i.get_full_name(), i.email) for i in cohort.instructors.order_by("pk")]
    return Support(urgent_help=urgent, contacts=contacts, signed_in=True)


def message_instructor_block(support: Support, next_url: str) -> str:
    """Markdown for the page's "message your instructor" placeholder."""
    if support.contacts:
        links = ", ".join(
            f"[{name or address}](mailto:{address})" for name, address in support.contacts
        )
        return f"**Write to your instructor:** {links}."
    if not support.signed_in:
        login = reverse("account_login")
        return f"[Sign in]({login}?next={next_url}) to see how to reach your instructor."
    return "Your instructor's address appears here once you have joined a course."
