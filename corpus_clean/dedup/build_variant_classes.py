"""Rebuild ``variant_classes.txt`` from the OpenCC dictionaries installed with the official binding.

    python -m corpus_clean.dedup.build_variant_classes

The OpenCC wheel ships its dictionaries compiled (``.ocd2``) with the
``opencc_dict`` tool that turns them into text; every character on a line (the
key and every candidate, not only the first) is joined into one class by
union-find, and each class is written as one line, its characters in code
point order (the first is what :func:`corpus_clean.dedup.fold` folds the class to).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .fold import CLASSES_FILE

DICTIONARIES = ("STCharacters", "TSCharacters", "TWVariants", "TWVariantsRev", "HKVariants", "HKVariantsRev")
HEADER = ("# Script-variant classes of Han characters, one class a line: every character linked to another by "
          "OpenCC's\n# STCharacters, TSCharacters, TWVariants(Rev) or HKVariants(Rev) dictionaries (all candidates, "
          "not only the first).\n# Derived from OpenCC {version} (Apache License 2.0, https://github.com/BYVoid/OpenCC)"
          " by\n# python -m corpus_clean.dedup.build_variant_classes; dedup folds each class to its first character."
          " Used for hashing only.\n")


def dictionary_lines(name: str) -> list[str]:
    """The lines (``key<TAB>candidate candidate...``) of one OpenCC dictionary, through ``opencc_dict``."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(clib / "share" / "opencc" / f"{name}.ocd2"),
                        "-o", str(out), "-f", "ocd2", "-t", "text"], check=True,
                       env={**os.environ, "LD_LIBRARY_PATH": str(clib / "lib64")})
        return out.read_text(encoding="utf-8").splitlines()


def classes(lines: list[str]) -> list[str]:
    """The classes (each a string of its characters in code point order) of more than one character."""
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        parent.setdefault(c, c)
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for line in lines:
        key, _, values = line.partition("\t")
        members = [m for m in (key, *values.split(" ")) if len(m) == 1]
        for m in members[1:]:
            a, b = find(members[0]), find(m)
            if a != b:
                parent[max(a, b)] = min(a, b)
    grouped: dict[str, list[str]] = {}
    for c in list(parent):
        grouped.setdefault(find(c), []).append(c)
    return sorted("".join(sorted(v)) for v in grouped.values() if len(v) > 1)


def main() -> int:
    from importlib.metadata import version

    lines = [line for name in DICTIONARIES for line in dictionary_lines(name)]
    found = classes(lines)
    CLASSES_FILE.write_text(HEADER.format(version=version("OpenCC")) + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{len(found)} classes written to {CLASSES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
