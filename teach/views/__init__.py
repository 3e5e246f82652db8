"""The instructor pages (/teach/), one module per job: cohorts, invitations, roster,
attendance, announcements and exports."""
