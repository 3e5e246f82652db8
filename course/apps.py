from django.apps import AppConfig


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = "Courses"

    def ready(self) -> None:
        # Joining by invitation is the course's rule; accounts' sign-up asks through this hook
        # rather than importing a higher layer.
        from accounts.signup import register_gate
        from course.signup import InvitationGate

        register_gate(InvitationGate())
        # Writes replace the version tokens of cached figures (course/freshness.py).
        from course import signals

        signals.connect()
