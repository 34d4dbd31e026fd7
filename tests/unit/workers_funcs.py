"""Module-level functions for tests/unit/test_workers.py: worker processes import them by name."""

from __future__ import annotations

import os
import time


class TwoPartError(Exception):
    """Its ``args`` do not match its ``__init__``, so it cannot be rebuilt from a pickle."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first}/{second}")


def getpid() -> int:
    return os.getpid()


def sleep_then_getpid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def exit_now(code: int) -> None:
    os._exit(code)


def raise_lookup_error(*args: object) -> None:
    raise LookupError(*args)


def raise_unpicklable() -> None:
    raise ValueError(lambda: None)


def raise_two_part_error() -> None:
    raise TwoPartError("a", "b")
