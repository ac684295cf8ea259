"""Script conversion throughput of both OpenCC backends on the same text, in the same run.

    python benchmarks/script_backends.py [--mb 2]

The official binding is the installed ``opencc``. ``opencc-python-reimplemented``
installs a module of the same name, so it is installed with ``pip --target``
into ``benchmarks/.cache/`` (once; needs the package index) and loaded under
another name beside it. Also prints the share of the default pipeline's time
that conversion takes on a Traditional corpus. Figures only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

from corpus_clean import Pipeline
from corpus_clean.convert import backend, converter
from corpus_clean.page import Page

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "opencc-reimplemented"
TRADITIONAL_PAGE = HERE.parent / "data" / "pages" / "002_544dc50f59636140.txt"


def load_reimplementation() -> ModuleType:
    package = CACHE / "opencc" / "__init__.py"
    if not package.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(CACHE),
                        "opencc-python-reimplemented"], check=True)
    spec = importlib.util.spec_from_file_location("opencc_reimplemented", package,
                                                  submodule_search_locations=[str(package.parent)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["opencc_reimplemented"] = module
    spec.loader.exec_module(module)
    return module


def throughput(convert, text: str) -> float:  # type: ignore[no-untyped-def]
    convert(text[:1000])
    start = time.perf_counter()
    convert(text)
    return len(text.encode("utf-8")) / 1e6 / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=2.0, help="size of the Traditional text in MB (default 2)")
    args = ap.parse_args()
    page = TRADITIONAL_PAGE.read_text(encoding="utf-8")
    text = page * max(1, int(args.mb * 1e6 / len(page.encode("utf-8"))))
    print(f"text: {len(text.encode('utf-8')) / 1e6:.1f} MB of Traditional Chinese (sample page 002 repeated), t2s")
    assert backend() == "official", "install the official OpenCC binding: pip install OpenCC"
    print(f"{'official OpenCC binding':<32}{throughput(converter('t2s'), text):>8.1f} MB/s")
    reimplemented = load_reimplementation().OpenCC("t2s").convert
    print(f"{'opencc-python-reimplemented':<32}{throughput(reimplemented, text):>8.1f} MB/s")

    pipeline = Pipeline.default()
    pages = [page] * max(1, int(args.mb * 1e6 / len(page.encode("utf-8"))))
    pipeline.clean_page(page)
    spent = {c.name: 0.0 for c in pipeline.cleaners}
    for text_page in pages:
        state = Page.from_text(text_page, "p")
        for cleaner in pipeline.cleaners:
            start = time.perf_counter()
            state = cleaner.apply(state)
            spent[cleaner.name] += time.perf_counter() - start
    total = sum(spent.values())
    print(f"share of the default pipeline's time spent converting (script step): {spent['script'] / total:.1%}")


if __name__ == "__main__":
    main()
