"""Start a real Celery worker, in its own process, on the real Redis broker.

The worker gets the test database's name so that what a test commits is what the worker reads.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
from django.db import connection

from config.celery_app import app

ROOT = Path(__file__).resolve().parents[2]  # the project, where manage.py is


def test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@contextmanager
def celery_worker(
    *, concurrency: int = 1, extra_env: dict[str, str] | None = None, purge: bool = True
) -> Iterator[subprocess.Popen[bytes]]:
    """A worker process bound to the test database and the test broker; stopped on exit.

    `purge=False` keeps what is queued (a restart after a crash). The worker runs in its own
    process group so `kill_hard()` can take down the pool's children with it.
    """
    assert dj_database_url.parse(test_database_url())["NAME"]
    if purge:
        app.control.purge()  # nothing left over from an earlier run
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": test_database_url(),
        **(extra_env or {}),
    }
    hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={hostname}",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Celery worker did not start (exit {process.poll()})")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the worker and its pool processes at once, as a crashed host would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
