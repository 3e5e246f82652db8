"""A database from before the apps were layered upgrades with every row intact.

The snapshots in tests/support/data were made with the code of commit 14801fe (the last one
before the layering): `migrate`, `load_curriculum`, `seed_demo`, plus three invitations (one
waiting, one accepted, one withdrawn) and a participant whose reminder is at 19:45. Each test
restores one into a database of its own, runs today's `migrate` on it in a separate process,
and compares every row of every table before and after. Invitations changed app but kept their
table; the reminder time moved from the user to their notification settings.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "support" / "data"
MOVED_COLUMNS = {("accounts_user", "reminder_time")}
GROWING = {"auth_permission", "django_content_type", "django_migrations"}

Rows = dict[str, list[tuple[Any, ...]]]
Columns = dict[str, list[str]]


def migrate(database_url: str) -> None:
    """Today's migrations, run as an operator would, in their own process."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


def check_upgrade(before: Rows, after: Rows, query: Callable[[str], list[tuple[Any, ...]]]) -> None:
    # Every table that existed keeps every row, value for value (the one moved column aside).
    # Django's own registers only grow: new models bring new permissions and content types.
    for table, rows in before.items():
        assert table in after, f"{table} disappeared"
        if table in GROWING:
            assert set(rows) <= set(after[table]), f"rows of {table} went missing"
        else:
            assert after[table] == rows, f"rows of {table} changed"
    assert len(before["accounts_invitation"]) == 3
    assert len(before["homework_practicelog"]) > 40
    # Django now files the invitations under course, in the same table.
    assert ("course", "0003_invitation_from_accounts") in set(
        query("SELECT app, name FROM django_migrations")
    )
    statuses = query(
        "SELECT email, accepted_at IS NOT NULL, revoked_at IS NOT NULL FROM accounts_invitation "
        "ORDER BY email"
    )
    assert statuses == [
        ("participant@example.com", True, False),
        ("waiting@example.com", False, False),
        ("withdrawn@example.com", False, True),
    ]
    # Each person kept their reminder time, now on their notification settings.
    times = dict(
        query(
            "SELECT u.email, s.reminder_time FROM accounts_user u "
            "JOIN notifications_notificationsettings s ON s.user_id = u.id"
        )
    )
    assert times["participant2@example.com"] in (dt.time(19, 45), "19:45:00")
    assert times["participant@example.com"] in (dt.time(8, 0), "08:00:00")
    assert len(times) == len(before["accounts_user"])


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_rows(conninfo: str, only: Columns | None = None) -> tuple[Columns, Rows]:
    """Every row of every table; with `only`, just those tables' columns as they were."""
    rows: Rows = {}
    listed_columns: Columns = {}
    with psycopg.connect(conninfo) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        for table in tables:
            columns = [
                name
                for (name,) in db.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "ORDER BY ordinal_position",
                    [table],
                )
                if (table, name) not in MOVED_COLUMNS
            ]
            if only is not None and table in only:
                columns = only[table]
            listed_columns[table] = columns
            listed = ", ".join(f'"{c}"' for c in columns)
            rows[table] = list(db.execute(f'SELECT {listed} FROM "{table}" ORDER BY 1'))  # noqa: S608
    return listed_columns, rows


@contextmanager
def pg_snapshot() -> Iterator[tuple[str, str]]:
    settings = connection.settings_dict
    name = f"stillpoint_upgrade_{uuid.uuid4().hex[:8]}"
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    user = settings.get("USER") or "postgres"
    admin = f"host={host} port={port} user={user} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        sql = gzip.decompress((DATA / "pre-layers.postgres.sql.gz").read_bytes())
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(host), "-p", str(port), "-U", user, name],
            input=sql,
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield (
            f"host={host} port={port} user={user} dbname={name}",
            f"postgres://{user}@{host}:{port}/{name}",
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def upgrade_postgresql() -> None:
    with pg_snapshot() as (conninfo, url):
        columns, before = _pg_rows(conninfo)
        migrate(url)
        _, after = _pg_rows(conninfo, only=columns)

        def query(sql: str) -> list[tuple[Any, ...]]:
            with psycopg.connect(conninfo) as db:
                return list(db.execute(sql))  # type: ignore[call-overload]

        check_upgrade(before, after, query)


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_rows(path: Path, only: Columns | None = None) -> tuple[Columns, Rows]:
    """Every row of every table; with `only`, just those tables' columns as they were."""
    rows: Rows = {}
    listed_columns: Columns = {}
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [
                info[1]
                for info in db.execute(f'PRAGMA table_info("{table}")')
                if (table, info[1]) not in MOVED_COLUMNS
            ]
            if only is not None and table in only:
                columns = only[table]
            listed_columns[table] = columns
            listed = ", ".join(f'"{c}"' for c in columns)
            rows[table] = list(db.execute(f'SELECT {listed} FROM "{table}" ORDER BY 1'))  # noqa: S608
    return listed_columns, rows


def upgrade_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "before.sqlite3"
    with gzip.open(DATA / "pre-layers.sqlite3.gz") as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    columns, before = _sqlite_rows(path)
    migrate(f"sqlite:///{path}")
    _, after = _sqlite_rows(path, only=columns)

    def query(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(path) as db:
            return list(db.execute(sql))

    check_upgrade(before, after, query)


@pytest.mark.django_db
def test_a_database_from_before_the_layering_upgrades_with_every_row_intact(tmp_path: Path) -> None:
    """On the engine the suite runs on: PostgreSQL in CI and production, SQLite by default."""
    if connection.vendor == "postgresql":
        upgrade_postgresql()
    else:
        assert connection.vendor == "sqlite", connection.vendor
        upgrade_sqlite(tmp_path)
