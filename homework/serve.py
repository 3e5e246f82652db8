"""Audio files with HTTP range requests, so a player can seek and resume.

Django's static `serve` answers every request with the whole file; browsers (Safari above all)
need `206 Partial Content` to seek in an <audio> element or to start it at all. One byte range
per request is what audio elements ask for; a multi-range request gets the whole file (200),
which RFC 9110 allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(?P<start>\d*)-(?P<end>\d*)$")


def safe_path(root: Path, relative: str, suffixes: set[str]) -> Path:
    """`relative` inside `root`, or Http404: no `..`, no absolute paths, no links out of it,
    and only the named file types."""
    base = root.resolve()
    candidate = (base / relative).resolve()
    if not candidate.is_relative_to(base) or candidate.suffix not in suffixes:
        raise Http404("No such file.")
    if not candidate.is_file():
        raise Http404("No such file.")
    return candidate


def _read(path: Path, start: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            block = handle.read(min(CHUNK, left))
            if not block:
                return
            left -= len(block)
            yield block


def ranged_file_response(request: HttpRequest, path: Path, content_type: str) -> HttpResponseBase:
    """The file, or the single byte range the request asks for (206), or 416 if out of range."""
    size = path.stat().st_size
    header = request.headers.get("Range", "").strip()
    start, end = 0, size - 1
    status = 200
    match = _RANGE.match(header) if header else None
    if match and (match["start"] or match["end"]):
        if match["start"]:
            start = int(match["start"])
            end = min(int(match["end"]), size - 1) if match["end"] else size - 1
        else:  # "bytes=-500": the last 500 bytes
            start = max(size - int(match["end"]), 0)
        if start >= size or start > end:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            refused["Accept-Ranges"] = "bytes"
            return refused
        status = 206
    length = end - start + 1 if size else 0
    response = StreamingHttpResponse(
        _read(path, start, length), status=status, content_type=content_type
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    # Private: the person's own session opened it; no shared cache should keep a copy.
    response["Cache-Control"] = "private, max-age=3600"
    return response
