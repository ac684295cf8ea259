"""Corpus deduplication: exact (folded text) and near (MinHash LSH on character n-grams), nothing lost.

``fold`` makes the text a duplicate shares, ``minhash`` signs it, ``lsh`` finds
candidate pairs, ``cluster`` groups them and keeps one, ``duplicates`` ties
these together over per-document state, ``runner`` runs it over files, ``cli``
is the ``corpus-clean dedup`` command and ``clean --dedup``.
"""
from .duplicates import MODES, DedupParams, DedupState, Resolution, resolve, resolve_state
from .fold import exact_key, fold
from .minhash import MinHasher, jaccard
from .runner import DedupReport, dedup_files

__all__ = ["MODES", "DedupParams", "DedupState", "DedupReport", "MinHasher", "Resolution", "dedup_files",
           "exact_key", "fold", "jaccard", "resolve", "resolve_state"]
