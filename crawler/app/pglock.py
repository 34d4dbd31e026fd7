"""The run lock of a PostgreSQL store: a session advisory lock, held on a connection of its own.

An ordinary crawl (and backfill, ingest, migrate) takes it exclusively; the workers of a shared crawl
(``--queue``) take it shared, so they run together and keep ordinary crawls out. Workers of another
shared crawl (another Redis queue or prefix) on the same store are refused too: each worker also holds a
shared lock named after its queue, and refuses to start beside a lock of another queue. The server drops
the locks when the connection ends, however the process ends. Keyed by the store's schema, so crawls
into different schemas of one database do not meet.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from types import TracebackType

import psycopg

from crawler.app.lock import LockBusy
from crawler.store import StorageError
from crawler.store.postgres import describe

_STORE_NS = 0x616B68  # first key of the store lock ("akh"); the second is the schema's hash

_HOLDERS = """
SELECT DISTINCT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = (%s::bigint & 4294967295)::oid AND l.objid = (%s::bigint & 4294967295)::oid
"""

_OTHER_QUEUES = """
SELECT DISTINCT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = (%s::bigint & 4294967295)::oid AND l.objid <> (%s::bigint & 4294967295)::oid
"""


class PgLockBusy(LockBusy):
    """Another crawl holds the PostgreSQL store's run lock."""

    def __init__(self, what: str, holders: list[str]) -> None:
        self.path = Path(what)
        self.holder_pid = None
        self.since = None
        named = ", ".join(h for h in holders if h) or "another akhbar crawl"
        RuntimeError.__init__(self, f"{named} holds the run lock of {what}")


class PgRunLock:
    """``with PgRunLock(uri):`` for an ordinary crawl; ``PgRunLock(uri, queue="redis://…|prefix")`` for a worker."""

    def __init__(self, uri: str, queue: str | None = None) -> None:
        self.uri = uri
        self.queue = queue
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    def acquire(self) -> None:
        name = f"akhbar pid {os.getpid()} on {socket.gethostname()}" + (
            f" (shared crawl {self.queue})" if self.queue else ""
        )
        try:
            conn = psycopg.connect(self.uri, autocommit=True, connect_timeout=10, application_name=name[:63])
        except psycopg.Error as exc:
            detail = " ".join(str(exc).split())
            raise StorageError(f"cannot open {describe(self.uri)} for its run lock: {detail}") from exc
        try:
            self._take(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _take(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        row = conn.execute("SELECT current_schema(), hashtext('akhbar:' || current_schema())").fetchone()
        assert row is not None
        schema, key = str(row[0]), int(str(row[1]))
        what = f"the PostgreSQL store (schema {schema})"
        take = "pg_try_advisory_lock_shared" if self.queue else "pg_try_advisory_lock"
        got = conn.execute(f"SELECT {take}(%s, %s)", (_STORE_NS, key)).fetchone()
        if not (got and got[0]):
            holders = [str(r[0]) for r in conn.execute(_HOLDERS, (_STORE_NS, key)).fetchall()]
            raise PgLockBusy(what, holders)
        if self.queue is None:
            return
        row = conn.execute(
            "SELECT hashtext('akhbar-queue:' || current_schema()), hashtext(%s)", (self.queue,)
        ).fetchone()
        assert row is not None
        space, mine = int(str(row[0])), int(str(row[1]))
        conn.execute("SELECT pg_advisory_lock_shared(%s, %s)", (space, mine))
        others = [str(r[0]) for r in conn.execute(_OTHER_QUEUES, (space, mine)).fetchall()]
        if others:
            raise PgLockBusy(f"{what}: a worker of another shared crawl", others)

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()  # the session's advisory locks go with it

    def __enter__(self) -> PgRunLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()
