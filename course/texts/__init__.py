"""The course texts we wrote ourselves: a reading for each week, and two support pages.

The texts are Markdown files that ship inside this package (``readings/<week key>.md`` and
``<slug>.md``), so they are versioned and reviewed like code rather than typed into the admin.
Each file opens with a small front-matter block::

    ---
    title: Living on automatic pilot
    summary: One line that says what the reading is about.
    ---

A page may hold placeholder lines such as ``<!-- urgent-help -->``: the page that shows the text
fills them with what the deployment or cohort has set (or with nothing), see ``Text.html``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Protocol

import markdown as md  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe

ORIENTATION_KEY = "orientation"
DAY_OF_MINDFULNESS_KEY = "day-of-mindfulness"

# The two support pages, by slug (the file is <slug>.md next to this module).
MOVEMENT = "movement"
IF_PRACTICE_IS_HARD = "if-practice-is-hard"
PAGES = (MOVEMENT, IF_PRACTICE_IS_HARD)

# Placeholders a page fills in: the deployment's crisis numbers, and the link that opens a
# private message to the instructor. Kept as names so a template never has to parse Markdown.
URGENT_HELP = "urgent-help"
MESSAGE_INSTRUCTOR = "message-instructor"

# The texts are ours, but the blocks inserted into them come from admins: one allow-list for all.
# h2/h3 because the page itself carries the h1 (the title).
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "h2", "h3"}

_FRONT_MATTER = re.compile(r"\A---\n(?P<head>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_PLACEHOLDER = re.compile(r"^<!-- (?P<name>[a-z][a-z-]*) -->$", re.MULTILINE)
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


class WeekLike(Protocol):
    """Anything keyed like a curriculum week: a CurriculumWeek, or a week in curriculum_data."""

    kind: str
    number: int


@dataclass(frozen=True)
class Text:
    slug: str
    title: str
    summary: str
    markdown: str

    @functools.cached_property  # texts are loaded once per process (_load_resource)
    def word_count(self) -> int:
        """Words a reader reads: placeholders and Markdown punctuation do not count."""
        return len(_WORD.findall(_PLACEHOLDER.sub("", self.markdown)))

    @property
    def placeholders(self) -> list[str]:
        return [m["name"] for m in _PLACEHOLDER.finditer(self.markdown)]

    def html(self, blocks: Mapping[str, str] | None = None) -> SafeString:
        """The body as sanitised HTML, each placeholder replaced by its block (Markdown) or dropped.

        Blocks are rendered and sanitised with the text, so an admin-entered crisis block can
        hold links and emphasis but never a script.
        """
        blocks = blocks or {}

        def fill(match: re.Match[str]) -> str:
            # Blank lines around the block keep it in paragraphs of its own.
            return f"\n\n{blocks.get(match['name'], '').strip()}\n\n"

        return render_markdown(_PLACEHOLDER.sub(fill, self.markdown))


@functools.lru_cache(maxsize=256)
def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then through nh3: no scripts, styles, event handlers or odd URLs.

    Kept per text in each process (the same text always renders the same; a week page would
    otherwise convert its reading on every view)."""
    html = md.markdown(text or "", extensions=["sane_lists"])
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener noreferrer"
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def week_key(kind: str, number: int) -> str:
    """The file name (without .md) of a week's reading, from how curriculum weeks are keyed.

    Orientation and the day of mindfulness are one per curriculum, so their kind alone names
    them; the day of mindfulness shares its number with the course week it falls in.
    """
    if kind == "orientation":
        return ORIENTATION_KEY
    if kind == "retreat":
        return DAY_OF_MINDFULNESS_KEY
    if kind == "week":
        return f"week-{number}"
    raise ValueError(f"Unknown week kind {kind!r}.")


def reading_for(week: WeekLike | str) -> Text | None:
    """The week's reading, or None when we have not written one for it."""
    key = week if isinstance(week, str) else week_key(str(week.kind), week.number)
    if not re.fullmatch(r"[a-z0-9-]+", key):
        return None  # never let a key walk out of the readings folder
    return _load_resource(f"readings/{key}.md", key)


def page(slug: str) -> Text:
    """One of the support pages (MOVEMENT, IF_PRACTICE_IS_HARD); LookupError for any other."""
    if slug not in PAGES:
        raise LookupError(f"No course page called {slug!r}.")
    text = _load_resource(f"{slug}.md", slug)
    if text is None:  # a packaging mistake, not a missing page a view could handle
        raise LookupError(f"The course page {slug!r} is missing from the package.")
    return text


def parse(source: str, slug: str) -> Text:
    """A text from its file contents; ValueError names what is wrong with the front-matter."""
    match = _FRONT_MATTER.match(source.replace("\r\n", "\n"))
    if not match:
        raise ValueError(f"{slug}: the file must start with a '---' front-matter block.")
    fields: dict[str, str] = {}
    for line in match["head"].splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{slug}: front-matter line {line!r} is not 'name: value'.")
        fields[name.strip().lower()] = value.strip()
    missing = [name for name in ("title", "summary") if not fields.get(name)]
    if missing:
        raise ValueError(f"{slug}: front-matter lacks {', '.join(missing)}.")
    return Text(
        slug=slug,
        title=fields["title"],
        summary=fields["summary"],
        markdown=match["body"].strip() + "\n",
    )


@cache  # the files ship with the code, so they cannot change while the process runs
def _load_resource(name: str, slug: str) -> Text | None:
    resource: Traversable = resources.files(__name__)
    for part in name.split("/"):
        resource = resource / part
    if not resource.is_file():
        return None
    return parse(resource.read_text(encoding="utf-8"), slug)
