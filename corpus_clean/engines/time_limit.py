"""Per-page time limits: a page that takes too long is failed with the reason ``timeout``, and the run goes on.

Three mechanisms, because cleaning code is of two kinds and not every thread can take a signal:

* a ``SIGALRM`` timer (:func:`time_limit`), whose handler raises :class:`PageTimeout`
  in the main thread. It interrupts Python code and the ``re`` engine, which
  checks for signals while it matches (measured on Python 3.11: a catastrophic
  pattern stopped 0.5 s into a 0.5 s limit), but not C code that never returns to
  the interpreter;
* off the main thread, or where no handler is installed (a Ray actor, a user's
  thread), a timer thread that raises :class:`PageTimeout` in the cleaning thread
  with ``PyThreadState_SetAsyncExc``: it lands at the next bytecode, so it stops
  Python code but not a match inside the ``re`` engine;
* in worker processes, a :class:`Watchdog`: ``faulthandler``'s timer thread,
  which needs no GIL, ends the worker outright once a page has overrun its limit
  by a grace. The engine then retries the worker's pages one by one and reports
  the one that overruns again.
"""
from __future__ import annotations

import faulthandler
import os
import signal
import ctypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

DEFAULT_PAGE_TIMEOUT = 60.0
"""Seconds one page may take by default: generous, as a page takes milliseconds."""


class PageTimeout(BaseException):
    """Raised in the cleaning code when a page overruns its limit; a BaseException, so that no cleaner's
    ``except Exception`` can swallow it."""


def timeout_reason(seconds: float) -> str:
    """The failure reason of a page that overran its limit."""
    return f"timeout: cleaning took longer than {seconds:g} s (--page-timeout)"


_ARMED = False


def _on_alarm(signum: int, frame: object) -> None:
    if _ARMED:  # an alarm that lands after its page finished is ignored
        raise PageTimeout


def _main_thread() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def install_handler() -> None:
    """Make SIGALRM raise :class:`PageTimeout` during a :func:`time_limit` (a worker process does this once)."""
    signal.signal(signal.SIGALRM, _on_alarm)


class alarm_handler:  # noqa: N801 - a context manager read like a function
    """Install the SIGALRM handler for the block (main thread only), and put back the one before."""

    def __enter__(self) -> None:
        self._before = signal.signal(signal.SIGALRM, _on_alarm) if _main_thread() else None

    def __exit__(self, *exc: object) -> None:
        if self._before is not None:
            signal.signal(signal.SIGALRM, self._before)


def _alarm_works() -> bool:
    """The main thread, with the handler installed (without it the alarm's default action would end the process)."""
    return _main_thread() and signal.getsignal(signal.SIGALRM) is _on_alarm


_SET_ASYNC_EXC = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)


def can_limit() -> bool:
    """Whether :func:`time_limit` works here: by the alarm, or by a timer thread (CPython)."""
    return _alarm_works() or _SET_ASYNC_EXC is not None


@contextmanager
def _thread_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTimeout` in this thread once ``seconds`` have passed, from a timer thread."""
    assert _SET_ASYNC_EXC is not None
    target, lock, inside, fired = ctypes.c_ulong(threading.get_ident()), threading.Lock(), [True], [False]

    def fire() -> None:
        with lock:
            if inside[0]:
                fired[0] = True
                _SET_ASYNC_EXC(target, ctypes.py_object(PageTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            inside[0] = False
            timer.cancel()
            if fired[0]:  # one not yet landed must not land after the page
                _SET_ASYNC_EXC(target, None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block once ``seconds`` have passed; None or 0: no limit."""
    global _ARMED
    if not seconds:
        yield
        return
    if not _alarm_works():
        with _thread_limit(seconds):
            yield
        return
    _ARMED = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        _ARMED = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def grace(timeout: float) -> float:
    """How long past its limit a page may run before the watchdog ends its worker: time for the alarm to
    act first, and the slack that lets the watchdog be re-armed only now and then, not for every page."""
    return max(1.0, timeout / 4)


class Watchdog:
    """Ends this process when a page overruns ``timeout`` by more than a grace, even if the page holds the GIL.

    Arming ``faulthandler``'s timer costs about 70 µs, so it is armed for limit + 2 graces and re-armed only
    once a grace has passed: every page then has at least limit + grace before it fires, and a stuck page
    is ended within limit + 3 graces. :meth:`stop` it while the worker is idle.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout, self.slack = timeout, grace(timeout)
        self._armed_at = float("-inf")
        self._out: IO[str] = open(os.devnull, "w")  # the timer's traceback dump is not wanted, only its exit

    def before_page(self) -> None:
        now = time.monotonic()
        if now - self._armed_at > self.slack:
            faulthandler.dump_traceback_later(self.timeout + 2 * self.slack, exit=True, file=self._out)
            self._armed_at = now

    def stop(self) -> None:
        faulthandler.cancel_dump_traceback_later()
        self._armed_at = float("-inf")
