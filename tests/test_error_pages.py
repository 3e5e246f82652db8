"""Error pages explain themselves in the site's own layout."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_missing_page_says_so_with_a_way_home(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/"' in page


def test_the_server_error_page_needs_no_database_or_context() -> None:
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Something went wrong on our side" in html
