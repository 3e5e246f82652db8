"""Plumbing the bench scripts share: a database, a gunicorn on loopback, a small HTTP client.

The client is the standard library's http.client in threads, so the bench needs nothing that
the project does not already install, and every request is a new TCP connection to 127.0.0.1
(gunicorn's sync workers close each connection after one response anyway).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/stillpoint_bench_pages"


def use_bench_settings(default_database_url: str) -> None:
    """Point this process (and the servers it starts) at bench/settings.py and its database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("BENCH_DATABASE_URL", default_database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_database(url: str) -> None:
    """Create the bench's database if it is missing (the migrations fill it)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def machine() -> str:
    """nproc, memory and the load averages, for the heading of every result."""
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"nproc {os.cpu_count()}, {total_kb / 1024 / 1024:.1f} GiB RAM, load average {load}"


@contextmanager
def gunicorn(port: int, workers: int = 3) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn with sync workers on 127.0.0.1:port under the bench settings; stopped on exit."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = request("GET", port, "/bench/floor/", {})
                if status in (200, 302):
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start (exit {process.poll()})")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(
    method: str,
    port: int,
    path: str,
    cookies: dict[str, str],
    form: dict[str, str] | None = None,
    timeout: float = 120,
) -> tuple[int, http.client.HTTPResponse, bytes]:
    """One request on a new connection; returns status, response and the whole body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": f"127.0.0.1:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        # Django's CSRF check wants a same-origin Referer or Origin on POSTs.
        headers["Origin"] = f"http://127.0.0.1:{port}"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, response, data


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_for(port: int, path: str, cookies: dict[str, str]) -> str:
    """GET a form page as a browser would: keep the CSRF cookie and return the form's token."""
    status, response, body = request("GET", port, path, cookies)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            cookies["csrftoken"] = value.split(";", 1)[0].split("=", 1)[1]
    match = CSRF_INPUT.search(body)
    if not match or "csrftoken" not in cookies:
        raise RuntimeError(f"no CSRF token on {path}")
    return match.group(1).decode()


@dataclass
class Timings:
    """Latencies in seconds of the requests that succeeded, and what went wrong with the rest."""

    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    def p(self, share: float) -> float:
        if not self.seconds:
            return float("nan")
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def p95(self) -> float:
        return self.p(0.95)


def hammer(
    one: Callable[[int], tuple[bool, str]],
    *,
    concurrency: int,
    total: int | None = None,
    duration: float | None = None,
) -> Timings:
    """Run `one(thread_number)` from `concurrency` threads, `total` times or for `duration` s.

    `one` returns (ok, what went wrong); only successful calls count towards the latencies.
    """
    timings = Timings()
    lock = threading.Lock()
    remaining = [total if total is not None else 10**12]
    stop_at = time.monotonic() + duration if duration is not None else float("inf")

    def worker(number: int) -> None:
        while True:
            with lock:
                if remaining[0] <= 0 or time.monotonic() >= stop_at:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                ok, problem = one(number)
            except OSError as error:
                ok, problem = False, f"{type(error).__name__}: {error}"
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    timings.seconds.append(elapsed)
                else:
                    timings.errors.append(problem)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.wall = time.perf_counter() - started
    return timings


def verdict(met: bool) -> str:
    return "yes" if met else "NO"
