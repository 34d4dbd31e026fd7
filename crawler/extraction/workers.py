"""A pool of worker processes that runs extraction with a time cap on each page.

Extraction costs tens of milliseconds of CPU per page and, on pathological pages, seconds; run in
Scrapy's reactor thread it would stall the crawl. ``ExtractionPool.run`` is blocking and thread-safe:
call it from worker threads (``twisted.internet.threads.deferToThreadPool``), never from the reactor
thread, since it waits for the result and may start a worker process (a fresh interpreter importing
trafilatura, a few hundred milliseconds) on first use of a slot or after a kill.

Each worker is a "spawn" process (never fork: the parent holds a reactor and threads) owning one end of
a duplex pipe; the function is fixed when the worker starts and only its arguments travel per task.
A task that outlives the cap gets its worker killed and replaced; so does a worker that dies mid-task
(segfault, OOM kill). Workers are recycled after ``max_tasks_per_worker`` tasks to bound the memory
that lxml and trafilatura caches hold.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import FrameType, TracebackType
from typing import Any, Generic, ParamSpec, Self, TypeVar, overload

from crawler.extraction.extract import ExtractOptions, extract_article
from crawler.items import Article

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger(__name__)

# Start method of the workers: a fresh interpreter, nothing inherited from the threaded parent.
_START_METHOD = "spawn"
# How long a new worker may take to start and import its function before it counts as crashed.
_STARTUP_TIMEOUT = 60.0
# After SIGTERM, how long a worker gets to exit before SIGKILL; after SIGKILL, how long we wait to reap it.
_TERM_GRACE = 0.5
_KILL_WAIT = 5.0
# What a worker sends once its function is imported and it waits for tasks.
_READY = b"ready"


class ExtractionTimeout(Exception):
    """The task exceeded the time cap; its worker was killed and will be replaced."""


class WorkerCrashed(Exception):
    """The worker died mid-task (segfault, OOM kill, ``os._exit``); it will be replaced."""


class PoolClosed(RuntimeError):
    """``run`` was called on, or was running when someone called, ``ExtractionPool.close``."""


def default_pool_size() -> int:
    """The number of CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class ExtractionPool(Generic[P, R]):
    """``size`` worker processes running ``func`` with a cap of ``timeout`` seconds per call.

    ``run(*args)`` returns what ``func`` returned or raises what it raised (same type and args;
    exceptions that do not survive pickling become a ``RuntimeError`` holding their repr), or
    ``ExtractionTimeout`` / ``WorkerCrashed``. At most ``size`` calls run at once; further callers
    wait for a free worker. ``func`` must be picklable by reference (a module-level function).

    With ``size == 0``, ``run`` calls ``func`` in this process (for debugging and tests); the cap is
    then enforced only in the main thread, by SIGALRM (which it borrows for the call), and not at
    all in other threads.
    """

    @overload
    def __init__(
        self: ExtractionPool[[bytes, str, ExtractOptions | None], Article],
        size: int,
        timeout: float,
        *,
        max_tasks_per_worker: int = ...,
    ) -> None: ...

    @overload
    def __init__(self, size: int, timeout: float, func: Callable[P, R], max_tasks_per_worker: int = ...) -> None: ...

    def __init__(
        self,
        size: int,
        timeout: float,
        func: Callable[..., Any] = extract_article,
        max_tasks_per_worker: int = 500,
    ) -> None:
        if size < 0:
            raise ValueError(f"size must be >= 0, not {size}")
        if timeout <= 0:
            raise ValueError(f"timeout must be > 0, not {timeout}")
        if max_tasks_per_worker < 1:
            raise ValueError(f"max_tasks_per_worker must be >= 1, not {max_tasks_per_worker}")
        self.size = size
        self.timeout = timeout
        self.max_tasks_per_worker = max_tasks_per_worker
        self._func = func
        self._context = multiprocessing.get_context(_START_METHOD)
        self._lock = threading.Lock()
        self._closed = False
        # Workers alive now; whoever removes one from here kills it.
        self._live: set[_Worker] = set()
        # Free slots: a started worker, or None for a slot whose worker starts on first use.
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(size):
            self._idle.put(None)

    def run(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call ``func(*args, **kwargs)`` in a worker and return its result. Blocking; thread-safe."""
        if self.size == 0:
            result: R = _run_inline(self._func, self.timeout, args, kwargs)
            return result
        worker = self._take()
        try:
            if worker is None:
                worker = self._start_worker()
            status, value, remote_tb = worker.call((args, kwargs), self.timeout)
        except ExtractionTimeout:
            self._discard(worker)
            raise
        except WorkerCrashed as exc:
            self._discard(worker)
            if self._closed:
                raise PoolClosed("the extraction pool was closed during the call") from None
            if worker is None:  # it failed to start
                raise
            raise WorkerCrashed(f"{exc} (exit code {worker.process.exitcode})") from None
        finally:
            self._give_back(worker)
        if status == "err":
            if remote_tb:
                value.__cause__ = _RemoteTraceback(remote_tb)
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Kill every worker, busy or idle; later and waiting ``run`` calls raise ``PoolClosed``."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = list(self._live)
            self._live.clear()
        self._idle.put(None)  # wakes a caller waiting for a worker; each passes it on to the next
        for worker in workers:
            worker.kill()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _take(self) -> _Worker | None:
        slot = self._idle.get()
        if self._closed:
            self._idle.put(slot)
            raise PoolClosed("the extraction pool is closed")
        if slot is not None and not slot.process.is_alive():
            logger.debug("idle extraction worker %s died (exit code %s)", slot.pid, slot.process.exitcode)
            self._discard(slot)
            return None
        return slot

    def _give_back(self, worker: _Worker | None) -> None:
        """Return the slot to the idle queue; its worker too, unless it is dead, busy or worn out."""
        if worker is not None and (worker.busy or worker.tasks >= self.max_tasks_per_worker):
            with self._lock:
                owned = worker in self._live
                self._live.discard(worker)
            if owned:
                if worker.busy:  # interrupted mid-task (KeyboardInterrupt): its reply would go to the next caller
                    worker.kill()
                else:
                    logger.debug("recycling extraction worker %s after %d tasks", worker.pid, worker.tasks)
                    worker.stop()
            worker = None
        elif worker is not None and worker not in self._live:  # killed by _discard or close
            worker = None
        self._idle.put(worker)

    def _start_worker(self) -> _Worker:
        worker = _Worker(self._context, self._func)
        with self._lock:
            if self._closed:
                worker.kill()
                raise PoolClosed("the extraction pool is closed")
            self._live.add(worker)
        logger.debug("started extraction worker %s", worker.pid)
        try:
            worker.wait_ready()
        except WorkerCrashed:
            self._discard(worker)
            raise
        return worker

    def _discard(self, worker: _Worker | None) -> None:
        if worker is None:
            return
        with self._lock:
            owned = worker in self._live
            self._live.discard(worker)
        if owned:
            worker.kill()


class _Worker:
    """One worker process and the parent's end of its pipe. Used by one thread at a time."""

    def __init__(self, context: Any, func: Callable[..., Any]) -> None:
        self.conn, child_conn = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=_worker_main, args=(child_conn, func), name="akhbar-extraction-worker", daemon=True
        )
        self.process.start()
        child_conn.close()
        self.tasks = 0
        # True from sending a task until its reply is read.
        self.busy = False

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def wait_ready(self) -> None:
        """Wait (not counted in the task's time) until the worker has imported its function."""
        try:
            ready = self.conn.poll(_STARTUP_TIMEOUT) and self.conn.recv_bytes() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            raise WorkerCrashed(f"worker process {self.pid} failed to start")

    def call(self, payload: tuple[Any, ...], timeout: float) -> tuple[str, Any, str | None]:
        """Send one task and wait for its reply: ``("ok", result, None)`` or ``("err", exception, traceback)``."""
        try:
            self.conn.send(payload)  # pickles first: unpicklable arguments raise here, with nothing sent
        except OSError:
            raise WorkerCrashed(f"worker process {self.pid} died before taking the task") from None
        self.busy = True
        self.tasks += 1
        try:
            if not self.conn.poll(timeout):
                raise ExtractionTimeout(f"extraction took more than {timeout:g} s")
            data = self.conn.recv_bytes()
        except (EOFError, OSError):
            raise WorkerCrashed(f"worker process {self.pid} died mid-task") from None
        self.busy = False
        try:
            reply: tuple[str, Any, str | None] = pickle.loads(data)
        except Exception as exc:  # unpickling runs arbitrary constructors
            return "err", RuntimeError(f"could not unpickle the worker's reply: {exc!r}"), None
        return reply

    def stop(self) -> None:
        """Ask the worker to exit after its last task; kill it if it does not."""
        with contextlib.suppress(OSError):  # already gone: kill() reaps it
            self.conn.send(None)
        self.process.join(_TERM_GRACE)
        self.kill()

    def kill(self) -> None:
        """SIGTERM, then SIGKILL after a short grace; never waits on the process for long."""
        if self.process.exitcode is None:
            self.process.terminate()
            self.process.join(_TERM_GRACE)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join(_KILL_WAIT)
        if self.process.exitcode is None:
            logger.warning("extraction worker %s did not exit after SIGKILL", self.pid)
        self.conn.close()


class _RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, attached as its ``__cause__``."""

    def __init__(self, tb: str) -> None:
        super().__init__(tb)
        self.tb = tb

    def __str__(self) -> str:
        return f"\n\nTraceback in the worker process:\n{self.tb}"


def _worker_main(conn: Connection, func: Callable[..., Any]) -> None:
    """The worker loop: receive ``(args, kwargs)``, reply with a pickled ``(status, value, traceback)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    conn.send_bytes(_READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent went away
            return
        if task is None:  # recycled
            return
        args, kwargs = task
        try:
            result = func(*args, **kwargs)
        except Exception as exc:  # every error goes back to the caller; BaseExceptions end the worker
            reply = _error_reply(exc)
        else:
            try:
                reply = _dumps(("ok", result, None))
            except Exception as exc:  # pickling can fail in many ways
                reply = _error_reply(RuntimeError(f"the result could not be pickled: {exc!r}"))
        conn.send_bytes(reply)


def _error_reply(exc: Exception) -> bytes:
    """The pickled error reply; an exception that does not survive pickling becomes a RuntimeError."""
    tb = "".join(traceback.format_exception(exc))
    try:
        data = _dumps(("err", exc, tb))
        pickle.loads(data)  # e.g. an __init__ whose arguments differ from .args fails only here
    except Exception:  # same as above: any failure means the exception cannot travel
        return _dumps(("err", RuntimeError(repr(exc)), tb))
    return data


def _dumps(obj: object) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def _run_inline(func: Callable[..., Any], timeout: float, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call ``func`` here, capped by SIGALRM in the main thread and not capped elsewhere."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return func(*args, **kwargs)

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise ExtractionTimeout(f"extraction took more than {timeout:g} s")

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, timeout)
    started = time.monotonic()
    try:
        return func(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler if previous_handler is not None else signal.SIG_DFL)
        if previous_delay:  # someone else's timer was running: re-arm what is left of it
            left = max(previous_delay - (time.monotonic() - started), 1e-6)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)
