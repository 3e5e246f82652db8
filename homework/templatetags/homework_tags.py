from __future__ import annotations

import functools
import threading

import markdown as md  # type: ignore[import-untyped]
import nh3
from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

from homework.progress import format_percent

register = template.Library()

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4"}


_local = threading.local()


def _converter() -> md.Markdown:
    """One Markdown converter per thread: building one compiles its patterns, which cost more
    than the conversion of a week's few paragraphs."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = md.Markdown(extensions=["sane_lists"])
    return converter


@register.filter
def render_markdown(text: str) -> SafeString:
    """Markdown written by instructors, rendered and then sanitised (no scripts, no styles)."""
    return _rendered(str(text or ""))


@functools.lru_cache(maxsize=512)
def _rendered(text: str) -> SafeString:
    # Kept per text in each process: the same text always renders the same.
    html = _converter().reset().convert(text)
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener noreferrer"
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


@register.filter
def percent(fraction: float | None) -> str:
    """The site's one percent format (homework.progress.format_percent)."""
    return format_percent(fraction)


@register.filter
def lookup(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def described(field: BoundField) -> SafeString:
    """The widget, pointing screen readers at its help text and errors."""
    ids = []
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    attrs: dict[str, str | bool] = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
