"""The cleaner contract.

A cleaner is a small class with a ``name``, its settings as constructor
arguments stored unchanged (no work in ``__init__``; dictionaries and tables
load lazily, once per process, through module-level caches, or on
:meth:`Cleaner.warm_up`), and one method, :meth:`Cleaner.apply`, which takes the page state and returns it, recording
each removal with a reason. Because instances hold only their settings they
pickle, so engines can ship them to worker processes or Ray actors.
"""
from __future__ import annotations

import inspect
from typing import Any, ClassVar

from ..page import Page


class Cleaner:
    """Base class of every pipeline step."""

    name: ClassVar[str] = "cleaner"
    reasons: ClassVar[dict[str, str]] = {}
    """The closed list of reasons this cleaner gives, each with a one-line meaning."""

    def apply(self, page: Page) -> Page:  # pragma: no cover - abstract
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load now what :meth:`apply` would load on its first page (dictionaries, tables).

        The local engine calls this once in the parent process before it forks
        its workers, so they start ready and share the loaded tables instead of
        each loading its own. It must not change any result. The default does nothing.
        """

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, read back from the attributes they were stored in."""
        params = {}
        for pname, param in inspect.signature(type(self).__init__).parameters.items():
            if pname == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            params[pname] = getattr(self, pname)
        return params

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.get_params() == self.get_params()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self)))
