"""Where a request's time goes: cProfile over a few calls, split into templates, SQL and the rest.

Used by `pages.py --profile` and `writes.py --profile`. The numbers are taken under cProfile, so
they are slower than the HTTP figures; the shares and the order of the top functions are what
matter.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT

PROJECT = tuple(str(ROOT / app) for app in ("accounts", "course", "homework", "notifications"))
WRAPPERS = {"__call__", "wrapper", "_wrapper_view", "inner"}


class QueryCounter:
    """An execute wrapper that notes each statement (the test client resets queries_log)."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.seen.append(sql)
        return execute(sql, params, many, context)


def profile_calls(name: str, call: Callable[[], None], repeats: int = 5, top: int = 6) -> None:
    from django.db import connection

    call()
    call()  # templates compiled, connection open
    queries: list[str] = []
    with connection.execute_wrapper(QueryCounter(queries)):
        call()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeats):
        call()
    profiler.disable()
    wall = (time.perf_counter() - started) / repeats
    entries = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    templates = cumulative(entries, "django/template/backends/django.py", "render") / repeats
    sql = cumulative(entries, "django/db/backends/utils.py", "_execute") / repeats
    print(
        f"\n== {name}: {wall * 1000:.1f} ms a request (under cProfile), {len(queries)} queries; "
        f"templates {templates * 1000:.1f} ms, SQL {sql * 1000:.1f} ms"
    )
    if os.environ.get("BENCH_SHOW_SQL"):
        for sql in queries:
            print(f"   SQL: {sql[:110]}")
    own = sorted(
        (
            (v[3] / repeats, f, line, fn)
            for (f, line, fn), v in entries.items()
            if f.startswith(PROJECT) and fn not in WRAPPERS
        ),
        reverse=True,
    )
    for seconds, file, line, function in own[:top]:
        where = f"{Path(file).relative_to(ROOT)}:{line} {function}"
        print(f"   {seconds * 1000:7.1f} ms cumulative  {where}")
    heavy = sorted(
        ((v[2] / repeats, f, line, fn) for (f, line, fn), v in entries.items()), reverse=True
    )
    for seconds, file, line, function in heavy[:top]:
        print(f"   {seconds * 1000:7.1f} ms own time    {short(file)}:{line} {function}")


def cumulative(entries: dict, file_end: str, function: str) -> float:
    """Seconds spent in (and under) one function, from pstats' raw table."""
    return sum(v[3] for (f, _, fn), v in entries.items() if f.endswith(file_end) and fn == function)


def short(file: str) -> str:
    marker = "site-packages/"
    return file.split(marker, 1)[1] if marker in file else file.replace(str(ROOT) + "/", "")
