"""``math.log1p`` of whole numbers (counts, lengths, distances), read from a table.

The line features take the logarithm of many counts on every page, and the shipped model was fitted on
``math.log1p`` of each: numpy's own ``log1p`` may differ in the last bit, and calling ``math.log1p`` line by
line costs a Python call per value. The table holds ``math.log1p`` of 0 to 65,535; larger values (huge pages)
are computed one by one, the same floats.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

TABLE_SIZE = 1 << 16
"""Whole numbers below this are read from the table."""


@lru_cache(maxsize=1)
def log1p_table() -> np.ndarray:
    """``math.log1p(v)`` for every ``v`` below :data:`TABLE_SIZE` (built once)."""
    return np.array([math.log1p(v) for v in range(TABLE_SIZE)], dtype=np.float64)


def log1p_of(values: np.ndarray) -> np.ndarray:
    """``math.log1p`` of each of ``values`` (whole numbers), as float64."""
    table = log1p_table()
    if not len(values) or 0 <= values.min() and values.max() < len(table):
        return table[values]
    return np.array([math.log1p(v) for v in values.tolist()], dtype=np.float64)
