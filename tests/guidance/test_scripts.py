"""Every practice in the catalogue has a guided script and a transcript; scripts are well formed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import checks

from course.curriculum_data import CURRICULA, PRACTICES
from guidance import script as script_module
from guidance.checks import scripts_cover_the_catalogue
from guidance.script import ScriptError, available_slugs, load_script, missing_scripts
from guidance.transcript import transcript

CATALOGUE = [p["slug"] for p in PRACTICES]
MOVEMENT = ["yoga-lying", "yoga-standing", "walking"]


def test_the_catalogue_includes_autogenic_training_as_an_optional_formal_practice() -> None:
    autogenic = next(p for p in PRACTICES if p["slug"] == "autogenic")
    assert autogenic.get("category", "formal") == "formal"
    assert autogenic["part_of_mbsr"] is False


def test_every_practice_in_the_catalogue_has_a_script() -> None:
    assert missing_scripts(CATALOGUE) == []
    assert set(CATALOGUE) <= set(available_slugs())


@pytest.mark.parametrize("slug", CATALOGUE)
def test_every_practice_has_a_non_empty_transcript(slug: str) -> None:
    text = transcript(slug)
    spoken = [
        line.text for section in text.sections for line in section.lines if line.kind == "say"
    ]
    assert text.title
    assert text.intro
    assert len(" ".join(spoken).split()) >= 40
    assert all(cue.say in text.as_text() for cue in load_script(slug).cues)


def test_a_practice_without_a_script_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    assert missing_scripts([*CATALOGUE, "forest-bathing"]) == ["forest-bathing"]
    monkeypatch.setattr(
        "course.curriculum_data.PRACTICES", [*PRACTICES, {"slug": "forest-bathing"}]
    )
    found = scripts_cover_the_catalogue()
    assert [(m.id, m.level) for m in found] == [("guidance.W001", checks.WARNING)]
    assert "forest-bathing" in found[0].msg
    with pytest.raises(ScriptError, match="No guided script"):
        transcript("forest-bathing")


def test_the_system_check_is_quiet_for_the_shipped_catalogue() -> None:
    assert scripts_cover_the_catalogue() == []


def test_offered_lengths_include_every_weekly_target_that_assigns_the_practice() -> None:
    for curriculum in CURRICULA:
        for week in curriculum["weeks"]:
            for slug, also, minutes, _days, _note in week["assignments"]:
                for practice in filter(None, [slug, *also]):
                    assert minutes in load_script(practice).lengths, (
                        curriculum["slug"],
                        week["number"],
                        practice,
                    )


def test_breathing_space_offers_short_lengths() -> None:
    assert load_script("breathing-space").lengths[0] <= 3


@pytest.mark.parametrize("slug", MOVEMENT)
def test_movement_practices_carry_back_care_for_every_posture(slug: str) -> None:
    script = load_script(slug)
    postures = {s.posture for s in script.sections if s.posture}
    assert postures, "a movement practice names its postures"
    assert {a.posture for a in script.adaptations} == postures
    assert all(a.easier for a in script.adaptations)
    general = " ".join(script.back_care.general).lower()
    assert "pain" in general
    assert "skip" in general
    assert any("bladder" in item for item in script.back_care.see_clinician)
    text = transcript(slug).as_text()
    assert "doctor" in text
    assert all(a.easier in text for a in script.adaptations)


def _write(tmp_path: Path, body: str) -> None:
    (tmp_path / "odd.toml").write_text('slug = "odd"\ntitle = "Odd"\nlengths = [5]\n' + body)


@pytest.fixture
def scripts_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(script_module, "SCRIPTS_DIR", tmp_path)
    load_script.cache_clear()
    yield tmp_path
    load_script.cache_clear()


def test_a_script_whose_silences_cannot_stretch_is_refused(scripts_dir: Path) -> None:
    _write(scripts_dir, '[[section]]\nheading = "A"\n[[section.cue]]\nsay = "Hello."\n')
    with pytest.raises(ScriptError, match=r"odd\.toml: at least one cue needs a pause weight"):
        load_script("odd")


def test_a_posture_without_an_adaptation_is_refused(scripts_dir: Path) -> None:
    _write(
        scripts_dir,
        '[[section]]\nheading = "A"\nposture = "Bridge"\n[[section.cue]]\nsay = "Hi."\npause = 1\n',
    )
    with pytest.raises(ScriptError, match="posture 'Bridge' with no"):
        load_script("odd")


def test_a_broken_file_names_itself(scripts_dir: Path) -> None:
    _write(scripts_dir, "[[section]\n")
    with pytest.raises(ScriptError, match=r"odd\.toml"):
        load_script("odd")
