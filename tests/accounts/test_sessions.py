"""Sessions live in the cache, written through to the database (SESSION_ENGINE cached_db)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def session_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_the_session_from_the_cache(
    client: Client, participant: User
) -> None:
    client.force_login(participant)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("homework:practice_list"))
    assert response.status_code == 200
    assert response.context["user"] == participant
    assert session_queries(queries) == []


def test_a_session_survives_a_cache_wipe(client: Client, participant: User) -> None:
    client.force_login(participant)
    cache.clear()  # a Redis restart, or an eviction
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("homework:practice_list"))
    assert response.status_code == 200
    assert response.context["user"] == participant
    assert len(session_queries(queries)) == 1  # read back from the database, once
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("homework:practice_list"))
    assert session_queries(again) == []  # and cached again


def test_signing_out_ends_the_session_in_the_cache_and_the_database(
    client: Client, participant: User
) -> None:
    client.force_login(participant)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.post(reverse("account_logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, presented again (copied before sign-out), is no one's session.
    stale = Client()
    stale.cookies["sessionid"] = key
    response = stale.get(reverse("homework:practice_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
