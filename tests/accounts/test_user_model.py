"""The custom user: e-mail login, display name, validated IANA time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.timezones import time_zone_choices

pytestmark = pytest.mark.django_db


def test_a_user_has_no_username_and_logs_in_by_email() -> None:
    user = User.objects.create_user("Ana@Example.ORG", "pw-pw-pw-pw")
    assert user.email == "ana@example.org"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username")
    assert User.objects.get_by_natural_key("ANA@example.org") == user


def test_a_superuser_is_staff() -> None:
    admin = User.objects.create_superuser("root@example.org", "pw-pw-pw-pw")
    assert admin.is_staff
    assert admin.is_superuser
    assert not admin.is_instructor


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "EST+5", "", "europe/london "])
def test_an_unknown_time_zone_is_refused_with_a_clear_message(zone: str) -> None:
    user = User(email="tz@example.org", time_zone=zone)
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "time_zone" in error.value.message_dict


def test_a_real_time_zone_is_accepted_and_used() -> None:
    user = User(email="tz@example.org", time_zone="Australia/Lord_Howe")
    user.full_clean(exclude=["password"])
    assert user.zone.key == "Australia/Lord_Howe"
    # 13:30 UTC on 5 April 2026 is already 00:00 on the 6th at Lord Howe (UTC+10:30).
    instant = dt.datetime(2026, 4, 5, 13, 30, tzinfo=dt.UTC)
    assert user.local_date(instant) == dt.date(2026, 4, 6)


def test_names_fall_back_to_the_email() -> None:
    assert User(email="kai@example.org").get_full_name() == "kai@example.org"
    assert User(email="kai@example.org").get_short_name() == "kai"
    assert User(email="kai@example.org", display_name="Kai").get_short_name() == "Kai"


def test_the_time_zone_picker_offers_real_zones_only() -> None:
    names = [value for value, _ in time_zone_choices()]
    assert "Europe/Berlin" in names
    assert "America/Santiago" in names
    assert names[0] == "UTC"
    assert "US/Eastern" not in names
