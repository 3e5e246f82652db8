"""The custom user: e-mail login, display name, validated IANA time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.timezones import time_zone_choices, zone_in_words

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


def _names(choices: list) -> list[str]:
    flat: list[str] = []
    for value, label in choices:
        flat.extend(v for v, _ in label) if isinstance(label, list) else flat.append(value)
    return flat


def test_the_time_zone_picker_offers_canonical_zones_grouped_by_region() -> None:
    choices = time_zone_choices()
    names = _names(choices)
    assert "Europe/Berlin" in names
    assert "America/Santiago" in names
    assert "Africa/Asmara" in names
    assert names[0] == "UTC"
    for alias in ("US/Eastern", "Africa/Asmera", "Asia/Calcutta", "Europe/Kiev", "Etc/GMT+5"):
        assert alias not in names
    assert len(names) == len(set(names))
    groups = [label for _, label in choices[1:]]
    assert all(isinstance(g, list) for g in groups)
    assert [value for value, _ in choices[1:]][:2] == ["Africa", "Americas"]


def test_each_zone_reads_as_a_place_and_its_clock() -> None:
    noon = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert zone_in_words("Europe/Berlin", noon) == "Berlin — 14:00 now"
    assert zone_in_words("America/Argentina/Buenos_Aires", noon).startswith(
        "Buenos Aires, Argentina — 09:00"
    )
    berlin = dict(dict(time_zone_choices(now=noon))["Europe"])
    assert berlin["Europe/Berlin"] == "Berlin — 14:00 now"


def test_a_search_narrows_the_list_and_keeps_the_current_choice() -> None:
    names = _names(time_zone_choices("angel", include=["Asia/Calcutta"]))
    assert names == ["America/Los_Angeles", "Asia/Calcutta"] or set(names) == {
        "America/Los_Angeles",
        "Asia/Calcutta",
    }
    assert _names(time_zone_choices("buenos aires")) == ["America/Argentina/Buenos_Aires"]
