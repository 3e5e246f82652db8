"""The course texts: a reading for every week of the classic course, the two support pages, and
the loader that parses and renders them."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from course import texts
from course.curriculum_data import CURRICULA
from course.models import Curriculum, WeekKind
from course.texts import Text

MIN_WORDS, MAX_WORDS = 600, 1200


def classic_week_keys() -> list[str]:
    """Every week of the classic template, read from the data load_curriculum installs."""
    (classic,) = [c for c in CURRICULA if c["slug"] == "mbsr-8-week"]
    return [
        texts.week_key(spec.get("kind", WeekKind.WEEK), spec["number"]) for spec in classic["weeks"]
    ]


def reading_problem(key: str, text: Text | None) -> str | None:
    """What is wrong with a week's reading, or None; the one rule the real and broken sets share."""
    if text is None:
        return f"{key}: no reading"
    if not MIN_WORDS <= text.word_count <= MAX_WORDS:
        return f"{key}: {text.word_count} words, not {MIN_WORDS}-{MAX_WORDS}"
    return None


def all_texts() -> list[Text]:
    readings = [texts.reading_for(key) for key in classic_week_keys()]
    return [t for t in readings if t] + [texts.page(slug) for slug in texts.PAGES]


def test_the_classic_course_has_ten_weeks_with_one_key_each() -> None:
    keys = classic_week_keys()
    # Orientation, eight weeks and the day of mindfulness: if the data changes, so must the texts.
    assert len(keys) == len(set(keys)) == 10
    assert {"orientation", "day-of-mindfulness", "week-1", "week-8"} <= set(keys)


@pytest.mark.parametrize("key", classic_week_keys())
def test_every_week_of_the_classic_course_has_a_reading_of_the_right_length(key: str) -> None:
    assert reading_problem(key, texts.reading_for(key)) is None


def test_the_length_rule_fails_for_a_missing_or_short_reading() -> None:
    short = Text(slug="week-2", title="T", summary="S", markdown="Too short.\n")
    long = Text(slug="week-3", title="T", summary="S", markdown="word " * (MAX_WORDS + 1))
    assert reading_problem("week-9", texts.reading_for("week-9")) == "week-9: no reading"
    assert reading_problem("week-2", short) == "week-2: 2 words, not 600-1200"
    assert "1201 words" in (reading_problem("week-3", long) or "")


def test_every_loaded_curriculum_week_finds_its_reading(curriculum: Curriculum) -> None:
    # The rows load_curriculum wrote, with their enum kinds, map to files just as the data does.
    weeks = list(curriculum.weeks.all())
    assert len(weeks) == len(classic_week_keys())
    for week in weeks:
        reading = texts.reading_for(week)
        assert reading is not None, week.label
        assert reading.slug == texts.week_key(week.kind, week.number)


def test_week_keys_follow_how_weeks_are_keyed() -> None:
    assert texts.week_key("orientation", 0) == "orientation"
    assert texts.week_key("week", 6) == "week-6"
    # The day of mindfulness shares week 6's number; its kind alone names it.
    assert texts.week_key("retreat", 6) == "day-of-mindfulness"
    with pytest.raises(ValueError, match="holiday"):
        texts.week_key("holiday", 1)


def test_a_week_like_object_finds_the_same_reading_as_its_key() -> None:
    week = SimpleNamespace(kind="week", number=4)
    assert texts.reading_for(week) == texts.reading_for("week-4")


def test_a_key_cannot_reach_outside_the_readings() -> None:
    assert texts.reading_for("../movement") is None
    assert texts.reading_for("readings/week-1") is None


def test_both_support_pages_exist() -> None:
    movement = texts.page(texts.MOVEMENT)
    hard = texts.page(texts.IF_PRACTICE_IS_HARD)
    assert movement.title == "Movement with a sore back"
    assert hard.title == "If a practice is hard"
    assert movement.word_count > 300
    assert hard.word_count > 300


def test_an_unknown_page_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        texts.page("week-1")


def test_the_movement_page_names_every_warning_sign() -> None:
    body = texts.page(texts.MOVEMENT).markdown.lower()
    for sign in ("numbness", "weakness", "bladder", "bowel", "fever", "weight loss", "a fall"):
        assert sign in body, sign
    assert "getting steadily worse" in body


def test_the_if_hard_page_has_the_urgent_help_marker_and_no_phone_numbers() -> None:
    hard = texts.page(texts.IF_PRACTICE_IS_HARD)
    assert "<!-- urgent-help -->" in hard.markdown.splitlines()
    assert hard.placeholders == [texts.MESSAGE_INSTRUCTOR, texts.URGENT_HELP]
    # Crisis numbers are local and set per deployment: the shipped text must hold none.
    assert not re.search(r"\d", hard.markdown)
    assert "tel:" not in hard.markdown


def test_placeholders_are_filled_with_the_blocks_given() -> None:
    hard = texts.page(texts.IF_PRACTICE_IS_HARD)
    html = hard.html(
        {
            texts.URGENT_HELP: "**Example crisis line:** call 000 000",
            texts.MESSAGE_INSTRUCTOR: "[Message your instructor](/messages/new/)",
        }
    )
    assert "<strong>Example crisis line:</strong> call 000 000" in html
    assert '<a href="/messages/new/" rel="noopener noreferrer">Message your instructor</a>' in html
    # The instructor link comes before the urgent block, as on the page.
    assert html.index("Message your instructor") < html.index("Example crisis line")


def test_unset_placeholders_leave_nothing_behind() -> None:
    html = texts.page(texts.IF_PRACTICE_IS_HARD).html()
    assert "urgent-help" not in html
    assert "<!--" not in html
    assert "<p></p>" not in html
    assert html.rstrip().endswith("straight away.</p>")


def test_an_inserted_block_is_sanitised() -> None:
    hard = texts.page(texts.IF_PRACTICE_IS_HARD)
    html = hard.html(
        {
            texts.URGENT_HELP: (
                '<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">Call</a>'
                '<img src=x onerror="alert(3)"><p style="color:red">Help</p>'
            )
        }
    )
    for forbidden in ("<script", "javascript:", "onclick", "onerror", "<img", "style="):
        assert forbidden not in html, forbidden
    assert "Call" in html
    assert "Help" in html


def test_rendered_texts_are_sanitised_markdown() -> None:
    html = texts.render_markdown('## Heading\n\nHi <span onmouseover="x()">there</span>\n')
    assert html.startswith("<h2>Heading</h2>")
    assert "onmouseover" not in html
    assert "<span" not in html


@pytest.mark.parametrize("text", all_texts(), ids=lambda t: t.slug)
def test_every_text_renders_with_headings_below_the_page_title(text: Text) -> None:
    html = text.html()
    assert text.summary
    assert "<h1" not in html  # the page's own h1 is the title
    assert html.count("<h2>") >= 2
    assert "<!--" not in html


def test_the_front_matter_is_parsed() -> None:
    text = texts.parse(
        "---\r\ntitle: Week 1: a title with a colon\r\nsummary:  One line.  \r\n---\r\n\r\nBody words here.\r\n",
        "week-1",
    )
    assert text == Text(
        slug="week-1",
        title="Week 1: a title with a colon",
        summary="One line.",
        markdown="Body words here.\n",
    )
    assert text.word_count == 3


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("No front-matter at all.\n", "must start with"),
        ("---\ntitle: Only a title\n---\nBody\n", "lacks summary"),
        ("---\ntitle: T\nsummary: S\njust words\n---\nBody\n", "not 'name: value'"),
        ("---\ntitle:\nsummary: S\n---\nBody\n", "lacks title"),
    ],
)
def test_bad_front_matter_is_refused_with_the_reason(source: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        texts.parse(source, "broken")


def test_word_count_ignores_markdown_and_placeholders() -> None:
    text = Text(
        slug="x",
        title="T",
        summary="S",
        markdown="## Two words\n\n- **one's** item\n\n<!-- urgent-help -->\n\n> it's well-known\n",
    )
    assert text.word_count == 6
