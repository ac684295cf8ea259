"""Hugging Face ``datasets``: clean a Dataset of pages into a Dataset of article rows.

``pip install "corpus-clean[hf]"``. :func:`clean_dataset` runs
``Dataset.map(batched=True)``; each process builds and warms the pipeline once
(on its first batch) and reuses it. A row holds the record's fields; ``meta``
is a JSON string, because its keys vary from record to record and an Arrow
struct column needs one schema (the same choice as the Ray engine and Parquet
output). One more column, ``excluded``, holds the reason a step such as
``quality`` excluded the article, or None: ``ds.filter(lambda r: r["excluded"]
is None)`` keeps the rest, and nothing is dropped unseen.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..pipeline import Pipeline

if TYPE_CHECKING:  # pragma: no cover
    import datasets

COLUMNS = ("id", "source", "title", "subtitle", "authors", "date", "paragraphs", "text", "meta", "removed", "excluded")


def _datasets() -> Any:
    try:
        import datasets
    except ImportError:
        raise RuntimeError('the Hugging Face integration needs datasets: pip install "corpus-clean[hf]"') from None
    return datasets


def features() -> datasets.Features:
    """The column types of the article rows."""
    d = _datasets()
    text, texts = d.Value("string"), d.Sequence(d.Value("string"))
    removal = {"text": d.Value("string"), "cleaner": d.Value("string"), "reason": d.Value("string")}
    return d.Features({"id": text, "source": text, "title": text, "subtitle": text, "authors": texts, "date": text,
                       "paragraphs": texts, "text": text, "meta": text, "removed": [removal], "excluded": text})


class CleanBatch:
    """The batched map function: pages in, article rows out. It pickles as its settings and pipeline only."""

    def __init__(self, pipeline: Pipeline, text_field: str, id_field: str | None) -> None:
        self.pipeline, self.text_field, self.id_field = pipeline, text_field, id_field
        self._warm = False

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_warm": False}

    def __call__(self, batch: dict[str, list[Any]], indices: list[int]) -> dict[str, list[Any]]:
        if not self._warm:
            self.pipeline.warm_up()  # once per process, on its first batch
            self._warm = True
        if self.text_field not in batch:
            raise KeyError(f"the dataset has no column {self.text_field!r} (text_field); columns: {sorted(batch)}")
        sources = batch.get(self.id_field) if self.id_field else None
        out: dict[str, list[Any]] = {k: [] for k in COLUMNS}
        for n, text in enumerate(batch[self.text_field]):
            source = str(sources[n]) if sources is not None and sources[n] is not None else str(indices[n])
            for article in self.pipeline.clean_page("" if text is None else str(text), source=source):
                row = article.to_dict()
                row["excluded"] = (article.meta.get("excluded") or {}).get("reason")
                row["meta"] = json.dumps(row["meta"], ensure_ascii=False)
                for key in COLUMNS:
                    out[key].append(row[key])
        return out


def clean_dataset(ds: datasets.Dataset, pipeline: Pipeline | None = None, text_field: str = "text",
                  num_proc: int | None = None, id_field: str | None = "id", batch_size: int = 64) -> datasets.Dataset:
    """Map a Dataset of pages (one page of text or HTML in ``text_field``) to a Dataset of article rows.

    ``pipeline`` defaults to :meth:`Pipeline.default`. ``id_field`` names the column that gives each
    page's source (absent, or None: the row's index). ``num_proc`` worker processes, as in ``Dataset.map``.
    """
    _datasets()
    if text_field not in ds.column_names:
        raise KeyError(f"the dataset has no column {text_field!r} (text_field); columns: {ds.column_names}")
    usable_id = id_field if id_field in ds.column_names else None
    return ds.map(CleanBatch(pipeline or Pipeline.default(), text_field, usable_id), batched=True,
                  batch_size=batch_size, with_indices=True, remove_columns=ds.column_names, num_proc=num_proc,
                  features=features(), desc="corpus_clean")
