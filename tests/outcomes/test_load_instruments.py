"""Shipped definitions load idempotently; licensed wording is loaded, checked, and only then used."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from outcomes.models import Instrument, Item, TimePoint
from tests.support.outcomes import wording_file

pytestmark = pytest.mark.django_db

OURS = {
    "pain-intensity",
    "pain-bothersomeness",
    "pain-interference",
    "stress",
    "course-goals",
    "intake",
}
LICENSED = {"pss-10", "rmdq", "ffmq-15"}


def counts() -> tuple[int, int]:
    return Instrument.objects.count(), Item.objects.count()


def test_it_ships_our_instruments_ready_and_licensed_ones_without_wording(
    instruments: None,
) -> None:
    assert set(Instrument.objects.filter(usable=True).values_list("slug", flat=True)) == OURS
    for instrument in Instrument.objects.filter(slug__in=LICENSED):
        assert instrument.licensed
        assert not instrument.usable
        assert instrument.time_points == []
        assert instrument.missing_wording() == [i.position for i in instrument.items.all()]
    assert not Item.objects.filter(instrument__licensed=True).exclude(wording="").exists()


def test_the_licensed_definitions_carry_the_scoring_keys(instruments: None) -> None:
    pss = Instrument.objects.get(slug="pss-10")
    assert (pss.score_min, pss.score_max, pss.scoring) == (0, 40, "sum")
    assert pss.items.count() == 10
    assert set(pss.items.filter(reverse_scored=True).values_list("position", flat=True)) == {
        4,
        5,
        7,
        8,
    }
    assert set(pss.items.values_list("scale_min", "scale_max")) == {(0, 4)}
    rmdq = Instrument.objects.get(slug="rmdq")
    assert rmdq.items.count() == 24
    assert set(rmdq.items.values_list("scale", flat=True)) == {"yes_no"}
    assert (rmdq.score_min, rmdq.score_max, rmdq.change_percent, rmdq.change_points) == (
        0,
        24,
        30,
        5,
    )
    ffmq = Instrument.objects.get(slug="ffmq-15")
    assert (ffmq.score_min, ffmq.score_max, ffmq.direction) == (15, 75, "higher")
    assert ffmq.subscales.count() == 5
    assert all(s.items.count() == 3 for s in ffmq.subscales.all())


def test_running_it_twice_changes_nothing(instruments: None) -> None:
    before = counts()
    call_command("load_instruments", stdout=StringIO())
    assert counts() == before


def test_an_unusable_instrument_cannot_be_asked(instruments: None) -> None:
    pss = Instrument.objects.get(slug="pss-10")
    with pytest.raises(ValidationError):
        pss.assign([TimePoint.BASELINE])
    # And the database refuses it even when the model's checks are bypassed.
    with transaction.atomic(), pytest.raises(IntegrityError):
        Instrument.objects.filter(pk=pss.pk).update(time_points=["baseline"])


def test_loading_licensed_wording_makes_it_usable_and_asked(
    instruments: None, tmp_path: Path
) -> None:
    call_command("load_instrument", str(wording_file(tmp_path, "pss-10")), stdout=StringIO())
    pss = Instrument.objects.get(slug="pss-10")
    assert pss.usable
    assert pss.missing_wording() == []
    assert pss.time_points == ["baseline", "end_of_course", "follow_up_26", "follow_up_52"]
    assert pss.items.get(position=1).labels == [f"point {n}" for n in range(5)]
    # A later run of the shipped loader keeps the operator's wording and choices.
    call_command("load_instruments", stdout=StringIO())
    pss.refresh_from_db()
    assert pss.usable
    assert pss.items.get(position=3).wording == "Test statement 3"


def test_the_operator_chooses_the_time_points(instruments: None, tmp_path: Path) -> None:
    path = wording_file(tmp_path, "rmdq")
    call_command(
        "load_instrument",
        str(path),
        "--at",
        "baseline",
        "--at",
        "follow_up_26",
        stdout=StringIO(),
    )
    assert Instrument.objects.get(slug="rmdq").time_points == ["baseline", "follow_up_26"]


def _broken(tmp_path: Path, slug: str, change: object) -> Path:
    path = wording_file(tmp_path, slug)
    data = json.loads(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("slug", "change", "message"),
    [
        ("pss-10", lambda d: d["items"].pop(), "has 10 items; the file has 9"),
        ("pss-10", lambda d: d["items"][0].update(position=2), "each once"),
        ("pss-10", lambda d: d["items"][4].update(wording="  "), "Item 5: the wording is missing"),
        (
            "pss-10",
            lambda d: d["items"][2].update(scale="yes_no"),
            "Item 3: the file says 'yes_no'",
        ),
        ("pss-10", lambda d: d["items"][2].update(max=5), "Item 3: max 5 does not match 4"),
        ("pss-10", lambda d: d["items"][1].update(labels=["a", "b"]), "Item 2: give 5 labels"),
        ("pss-10", lambda d: d["items"][1].pop("labels"), "Item 2: give 5 labels"),
        ("rmdq", lambda d: d["items"][0].update(labels=["y", "n"]), "only labelled-point scales"),
        ("rmdq", lambda d: d.update(instrument="rmdq-99"), "No instrument 'rmdq-99'"),
    ],
)
def test_a_file_that_does_not_fit_loads_nothing(
    instruments: None, tmp_path: Path, slug: str, change: object, message: str
) -> None:
    path = _broken(tmp_path, slug, change)
    with pytest.raises(CommandError, match="Nothing was loaded") as error:
        call_command("load_instrument", str(path))
    assert message in str(error.value)
    instrument = Instrument.objects.get(slug=slug)
    assert not instrument.usable
    assert instrument.time_points == []
    assert not instrument.items.exclude(wording="").exists()


def test_a_file_that_is_not_json_is_refused(instruments: None, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_instrument", str(path))


def test_the_licensed_key_may_correct_a_reverse_flag(instruments: None, tmp_path: Path) -> None:
    # Our FFMQ-15 reverse flags are our reading of the key; the licensed copy is the authority.
    path = _broken(tmp_path, "ffmq-15", lambda d: d["items"][11].update(reverse=False))
    call_command("load_instrument", str(path), stdout=StringIO())
    ffmq = Instrument.objects.get(slug="ffmq-15")
    assert not ffmq.items.get(position=12).reverse_scored
    assert ffmq.items.get(position=13).reverse_scored


def test_removing_an_answered_item_from_a_definition_changes_nothing(
    instruments: None, enrolment: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outcomes import loading
    from tests.support.outcomes import submitted

    submitted(enrolment, "stress", TimePoint.BASELINE, [5])  # type: ignore[arg-type]
    real = loading.read_json

    def without_items(path: Path) -> dict[str, object]:
        data = real(path)
        if data["slug"] == "stress":
            data["items"] = []
        if data["slug"] == "course-goals":
            data["title"] = "Renamed"
        return data

    monkeypatch.setattr(loading, "read_json", without_items)
    with pytest.raises(CommandError, match="already has answers"):
        call_command("load_instruments", stdout=StringIO())
    assert Item.objects.filter(instrument__slug="stress").count() == 1
    assert Instrument.objects.get(slug="course-goals").title == "Your goals for the course"
