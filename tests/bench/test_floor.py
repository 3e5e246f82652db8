"""The bench's floor views work under the bench settings and are routed nowhere else.

bench/urls.py adds a floor page and a bare-insert POST that the benchmarks compare real pages
and writes with. They are tested here with the bench's own overrides applied to the test
settings (bench/wiring.py), and shown to be absent from the real URLconf so they can never be
reached in production.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from accounts.models import User
from bench.wiring import BENCH_TEMPLATE_DIR, BENCH_URLCONF, with_bench_templates
from course.models import Enrolment, Practice
from homework.models import PracticeLog

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH_PATHS = ["/bench/floor/", "/bench/insert/"]


@pytest.fixture
def bench_routes(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = BENCH_URLCONF
    settings.TEMPLATES = with_bench_templates(django_settings.TEMPLATES)


@pytest.fixture
def pat(client: Client, participant: User) -> Client:
    client.force_login(participant)
    return client


def insert_form(enrolment: Enrolment, token: uuid.UUID) -> dict[str, str]:
    return {
        "enrolment": str(enrolment.pk),
        "practice": str(Practice.objects.get(slug="body-scan").pk),
        "practised_on": enrolment.cohort.start_date.isoformat(),
        "submission_token": str(token),
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_routes")
class TestUnderBenchSettings:
    def test_floor_renders_the_base_template_for_a_signed_in_person(self, pat: Client) -> None:
        response = pat.get("/bench/floor/")
        assert response.status_code == 200
        assert [t.name for t in response.templates][:2] == ["bench/floor.html", "base.html"]
        assert b"Skip to content" in response.content

    def test_floor_sends_an_anonymous_visitor_to_sign_in(self, client: Client) -> None:
        response = client.get("/bench/floor/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_bare_insert_writes_exactly_one_row(self, pat: Client, enrolment: Enrolment) -> None:
        token = uuid.uuid4()
        response = pat.post("/bench/insert/", insert_form(enrolment, token))
        assert response.status_code == 201
        assert PracticeLog.objects.filter(enrolment=enrolment, submission_token=token).count() == 1

    def test_bare_insert_refuses_the_same_token_twice(
        self, pat: Client, enrolment: Enrolment
    ) -> None:
        form = insert_form(enrolment, uuid.uuid4())
        assert pat.post("/bench/insert/", form).status_code == 201
        assert pat.post("/bench/insert/", form).status_code == 400
        assert PracticeLog.objects.filter(enrolment=enrolment).count() == 1

    def test_bare_insert_answers_bad_input_with_400(
        self, pat: Client, enrolment: Enrolment
    ) -> None:
        form = {**insert_form(enrolment, uuid.uuid4()), "submission_token": "not-a-uuid"}
        response = pat.post("/bench/insert/", form)
        assert response.status_code == 400
        assert not PracticeLog.objects.exists()

    def test_bare_insert_refuses_anonymous_and_get(
        self, client: Client, enrolment: Enrolment
    ) -> None:
        response = client.post("/bench/insert/", insert_form(enrolment, uuid.uuid4()))
        assert response.status_code == 302
        assert client.get("/bench/insert/").status_code in (302, 405)
        assert not PracticeLog.objects.exists()

    def test_the_real_pages_are_still_routed(self, pat: Client) -> None:
        assert pat.get("/progress/").status_code == 200


@pytest.mark.django_db
class TestUnderNormalSettings:
    @pytest.mark.parametrize("path", BENCH_PATHS)
    def test_bench_paths_do_not_resolve(self, path: str) -> None:
        with pytest.raises(Resolver404):
            resolve(path)

    @pytest.mark.parametrize("path", BENCH_PATHS)
    def test_bench_paths_are_404_even_when_signed_in(self, pat: Client, path: str) -> None:
        assert pat.get(path).status_code == 404
        assert pat.post(path, {}).status_code == 404

    def test_no_real_url_leads_to_a_bench_view(self) -> None:
        def views(patterns):  # type: ignore[no-untyped-def]
            for pattern in patterns:
                if isinstance(pattern, URLResolver):
                    yield from views(pattern.url_patterns)
                elif isinstance(pattern, URLPattern):
                    yield pattern.callback

        callbacks = list(views(get_resolver("config.urls").url_patterns))
        assert callbacks, "the walk found no views at all"
        assert not [c for c in callbacks if c.__module__.startswith("bench")]

    def test_the_deployed_settings_use_the_real_urlconf(self) -> None:
        assert django_settings.ROOT_URLCONF == "config.urls"
        searched = [d for engine in django_settings.TEMPLATES for d in engine.get("DIRS", [])]
        assert BENCH_TEMPLATE_DIR not in searched


def test_bench_settings_route_to_the_floors() -> None:
    """Loaded for real in a fresh process: bench/settings.py points at bench/urls.py."""
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.urls import reverse; "
        "print(settings.ROOT_URLCONF, reverse('bench_floor'), reverse('bench_insert'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["bench.urls", "/bench/floor/", "/bench/insert/"]
