"""The Ray engine: the same pipeline, unchanged, on a Ray cluster (``pip install "corpus-clean[ray]"``).

:func:`clean_dataset` maps a Ray Dataset of pages to a Dataset of article rows
with ``map_batches`` and a callable class, so each actor builds the pipeline
once. Rows have the record's fields; ``meta`` is a JSON string (its keys vary
from record to record, which a columnar block cannot hold), as in Parquet
output. :func:`clean_pages_on_ray` is what ``corpus-clean clean --engine ray``
runs: pages go to the cluster in blocks, results come back in input order.
"""
from __future__ import annotations

import json
import threading
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ..io import PageInput
from ..pipeline import Pipeline
from .local import PageResult, clean_one
from .time_limit import install_handler

if TYPE_CHECKING:  # pragma: no cover
    import ray.data


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RuntimeError('the Ray engine needs Ray: pip install "corpus-clean[ray]"') from None
    return ray


class CleanArticles:
    """Ray Data callable class: pages in, article rows out; the pipeline is built once per actor."""

    def __init__(self, pipeline: Pipeline, text_field: str = "text", id_field: str = "id") -> None:
        self.pipeline, self.text_field, self.id_field = pipeline, text_field, id_field
        self.pipeline.warm_up()  # once per actor, before its first batch

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = {k: [] for k in ("id", "source", "title", "subtitle", "authors", "date",
                                                        "paragraphs", "text", "meta", "removed")}
        for text, source in zip(batch[self.text_field], batch.get(self.id_field, [None] * len(batch[self.text_field]))):
            for article in self.pipeline.clean_page(str(text), source=None if source is None else str(source)):
                row = article.to_dict()
                row["meta"] = json.dumps(row["meta"], ensure_ascii=False)
                for key, value in row.items():
                    columns[key].append(value)
        return columns


def clean_dataset(ds: ray.data.Dataset, pipeline: Pipeline, text_field: str = "text", id_field: str = "id",
                  concurrency: int | tuple[int, int] | None = None, batch_size: int = 64) -> ray.data.Dataset:
    """Map a Dataset of pages (``text_field``, ``id_field``) to a Dataset of article rows.

    ``concurrency`` is the number of actors (or a min/max range); by default as
    many as the cluster has CPUs.
    """
    ray = _ray()
    if concurrency is None:
        concurrency = max(1, int(ray.cluster_resources().get("CPU", 1)))
    return ds.map_batches(CleanArticles, fn_constructor_kwargs={"pipeline": pipeline, "text_field": text_field,
                                                                "id_field": id_field},
                          batch_size=batch_size, batch_format="numpy", compute=_actors(ray, concurrency))


def _actors(ray: Any, concurrency: int | tuple[int, int]) -> Any:
    low, high = concurrency if isinstance(concurrency, tuple) else (concurrency, concurrency)
    return ray.data.ActorPoolStrategy(min_size=low, max_size=high)


class CleanPages:
    """Ray Data callable class behind :func:`clean_pages_on_ray`: one result row per page."""

    def __init__(self, pipeline: Pipeline, page_timeout: float | None = None) -> None:
        self.pipeline = pipeline
        self.pipeline.warm_up()  # once per actor, before its first batch
        self.page_timeout = page_timeout
        if page_timeout and threading.current_thread() is threading.main_thread():
            install_handler()  # the alarm where it can act; else time_limit's timer thread

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {k: [] for k in ("n", "source", "rows", "articles", "error", "bytes_in",
                                                     "removed", "seconds")}
        for n, source, text, error, nbytes, key, meta in zip(batch["n"], batch["source"], batch["text"],
                                                             batch["error"], batch["nbytes"], batch["key"],
                                                             batch["meta"]):
            page = PageInput(str(source), text=None if error else str(text), error=str(error) if error else None,
                             nbytes=int(nbytes), key=str(key), meta=json.loads(str(meta)))
            result = clean_one(self.pipeline, page, self.page_timeout)
            out["n"].append(int(n))
            out["source"].append(result.source)
            out["rows"].append(result.rows)
            out["articles"].append(result.articles)
            out["error"].append(result.error or "")
            out["bytes_in"].append(result.bytes_in)
            out["removed"].append(json.dumps([[c, r, k] for (c, r), k in result.removed.items()]))
            out["seconds"].append(json.dumps(result.seconds))
        return out


def clean_pages_on_ray(pages: Iterable[PageInput], pipeline: Pipeline, address: str | None = None,
                       block_pages: int = 2000, page_timeout: float | None = None) -> Iterator[PageResult]:
    """Clean pages on a Ray cluster; results in input order, pages sent in blocks of ``block_pages``.

    With ``page_timeout`` (seconds), a page that takes longer is reported as failed with the reason
    ``timeout``, as on the local engine: a ``SIGALRM`` timer where the actor runs in its main thread, else a
    timer thread (:mod:`.time_limit`), which stops Python code but not a match inside the ``re`` engine or C
    code; Ray has no watchdog to end a stuck actor."""
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    concurrency = max(1, int(ray.cluster_resources().get("CPU", 1)))
    it = iter(pages)
    start = 0
    while block := list(islice(it, block_pages)):
        # the page's key and reading facts (meta: replaced_bytes) travel with it, so records match the local engine's
        items = [{"n": start + i, "source": p.source, "text": p.text or "", "error": p.error or "",
                  "nbytes": p.nbytes, "key": p.key, "meta": json.dumps(p.meta, ensure_ascii=False)}
                 for i, p in enumerate(block)]
        start += len(block)
        ds = ray.data.from_items(items).map_batches(CleanPages,
                                                    fn_constructor_kwargs={"pipeline": pipeline,
                                                                           "page_timeout": page_timeout},
                                                    batch_size=16, batch_format="numpy",
                                                    compute=_actors(ray, concurrency))
        for row in sorted(ds.iter_rows(), key=lambda r: r["n"]):
            yield PageResult(source=row["source"], rows=row["rows"], articles=int(row["articles"]),
                             bytes_out=len(row["rows"].encode("utf-8")),
                             error=row["error"] or None, bytes_in=int(row["bytes_in"]),
                             removed={(c, r): k for c, r, k in json.loads(row["removed"])},
                             seconds=json.loads(row["seconds"]))


# --- Deduplication on Ray Data (corpus_clean.dedup): the same clusters as the local runner ------------------


class SignRows:
    """Ray Data callable class: rows in, per-row dedup state out (order, id, folded length, exact key, signature).

    Signatures travel as bytes (``num_perm`` uint32 values), which any block format holds.
    """

    def __init__(self, params: Any, text_field: str, id_field: str, order_field: str) -> None:
        from ..dedup import DedupParams

        self.params: DedupParams = params
        self.hasher = params.hasher()
        self.text_field, self.id_field, self.order_field = text_field, id_field, order_field

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        from ..dedup import exact_key, fold

        folded = [fold(str(t)) for t in batch[self.text_field]]
        sigs = self.hasher.signatures(folded)
        return {"order": np.asarray(batch[self.order_field], dtype=np.int64),
                "id": np.asarray([str(i) for i in batch[self.id_field]], dtype=object),
                "length": np.asarray([len(f) for f in folded], dtype=np.int64),
                "key": np.asarray([exact_key(f) for f in folded], dtype=object),
                "sig": np.asarray([s.tobytes() for s in sigs], dtype=object)}


def _band_rows(batch: dict[str, Any], bands: int, rows: int) -> dict[str, Any]:
    """One row per document and band: the band's 64-bit key (as int64) beside the document's state."""
    import numpy as np

    from ..dedup.lsh import band_keys
    from ..dedup.minhash import EMPTY

    sigs = np.stack([np.frombuffer(s, dtype=np.uint32) for s in batch["sig"]]) if len(batch["sig"]) else \
        np.zeros((0, 1), dtype=np.uint32)
    live = np.flatnonzero(sigs[:, 0] != EMPTY) if len(sigs) else np.zeros(0, dtype=np.int64)
    out: dict[str, list[Any]] = {"band": [], "bucket": [], "order": [], "sig": []}
    for band in range(bands):
        keys = band_keys(sigs[live], band, rows).view(np.int64)
        out["band"].append(np.full(len(live), band, dtype=np.int64))
        out["bucket"].append(keys)
        out["order"].append(batch["order"][live])
        out["sig"].append(batch["sig"][live])
    return {k: np.concatenate(v) if v else np.zeros(0) for k, v in out.items()}


def _verified_in_bucket(group: dict[str, Any], threshold: float) -> dict[str, Any]:
    """Pairs (first of the bucket in input order, other) of one bucket whose estimated Jaccard reaches ``threshold``."""
    import numpy as np

    from ..dedup.minhash import jaccard

    order = np.argsort(group["order"], kind="stable")
    orders = group["order"][order]
    sigs = np.stack([np.frombuffer(group["sig"][i], dtype=np.uint32) for i in order])
    sim = jaccard(sigs[1:], sigs[:1]) if len(orders) > 1 else np.zeros(0)
    ok = sim >= threshold
    return {"first": np.full(int(ok.sum()), orders[0] if len(orders) else 0, dtype=np.int64),
            "other": orders[1:][ok]}


def _exact_in_group(group: dict[str, Any]) -> dict[str, Any]:
    """Pairs (first in input order, other) of one group of equal exact keys; empty texts take no part."""
    import numpy as np

    orders = np.sort(group["order"][group["length"] > 0])
    return {"first": np.full(max(len(orders) - 1, 0), orders[0] if len(orders) else 0, dtype=np.int64),
            "other": orders[1:]}


def dedup_on_ray(ds: ray.data.Dataset, params: Any, text_field: str = "text", id_field: str = "id",
                 order_field: str = "order", concurrency: int | None = None,
                 batch_size: int = 256, partitions: int | None = None) -> dict[str, tuple[str, float]]:
    """The duplicates of a Dataset: ``{id: (kept id, similarity)}`` for every row that is not kept.

    Signatures are computed in ``map_batches`` (actors, one hasher each); band
    keys are grouped by ``(band, bucket)`` and exact keys by key on the
    cluster, where each bucket pairs its rows with its first in input order
    (``order_field``: the rows' position in the input) and verifies them; only
    the verified pairs and the state of the rows in them come to the driver,
    which clusters them with the local code (union-find, keep rule). So the
    result equals :func:`corpus_clean.dedup.dedup_files` on the same rows in
    the same order, with the same parameters and MinHash backend.
    ``partitions`` is the number of shuffle partitions of each grouping
    (default: twice the CPUs; Ray's own default of 200 costs seconds on a small
    cluster).
    """
    import numpy as np

    from ..dedup.cluster import clusters, keep_one
    from ..dedup.minhash import jaccard

    ray = _ray()
    if concurrency is None:
        concurrency = max(1, int(ray.cluster_resources().get("CPU", 1)))
    partitions = partitions or 2 * concurrency
    names = set(ds.schema().names)
    missing = [f for f in (text_field, id_field, order_field) if f not in names]
    if missing:
        raise ValueError(f"dedup_on_ray: the dataset has no column {', '.join(map(repr, missing))} (columns: "
                         f"{', '.join(sorted(names))}); '{order_field}' is each row's position in the input")
    signed = ds.map_batches(SignRows, fn_constructor_kwargs={"params": params, "text_field": text_field,
                                                             "id_field": id_field, "order_field": order_field},
                            batch_size=batch_size, batch_format="numpy",
                            compute=_actors(ray, concurrency)).materialize()
    pairs = signed.groupby("key", num_partitions=partitions).map_groups(_exact_in_group, batch_format="numpy")
    if params.mode == "near":
        banded = signed.map_batches(_band_rows, fn_kwargs={"bands": params.bands, "rows": params.rows},
                                    batch_format="numpy")
        near = banded.groupby(["band", "bucket"], num_partitions=partitions).map_groups(_verified_in_bucket,
                                                              fn_kwargs={"threshold": params.threshold},
                                                              batch_format="numpy")
        pairs = pairs.union(near)
    edges = {(int(r["first"]), int(r["other"])) for r in pairs.iter_rows()}
    if not edges:
        return {}
    nodes = sorted({n for e in edges for n in e})
    wanted = set(nodes)
    state = {int(r["order"]): r for r in signed.filter(lambda r: int(r["order"]) in wanted).iter_rows()}
    index = {order: i for i, order in enumerate(nodes)}  # compact, in input order: ties go the same way
    first = np.array([index[a] for a, _ in edges], dtype=np.int64)
    other = np.array([index[b] for _, b in edges], dtype=np.int64)
    lengths = np.array([int(state[n]["length"]) for n in nodes], dtype=np.int64)
    kept = keep_one(clusters(len(nodes), first, other), lengths, params.keep)
    result = {}
    for i, k in enumerate(kept.tolist()):
        if i != k:
            a, b = state[nodes[i]], state[nodes[k]]
            exact = bytes(a["key"]) == bytes(b["key"])
            sim = 1.0 if exact else float(jaccard(np.frombuffer(a["sig"], dtype=np.uint32),
                                                  np.frombuffer(b["sig"], dtype=np.uint32)))
            result[str(a["id"])] = (str(b["id"]), sim)
    return result


def _mark(batch: dict[str, Any], duplicates: dict[str, tuple[str, float]], id_field: str) -> dict[str, Any]:
    import numpy as np

    found = [duplicates.get(str(i)) for i in batch[id_field]]
    return {**batch, "duplicate_of": np.asarray([f[0] if f else "" for f in found], dtype=object),
            "similarity": np.asarray([f[1] if f else 1.0 for f in found], dtype=np.float64)}


def split_duplicates(ds: ray.data.Dataset, duplicates: dict[str, tuple[str, float]],
                     id_field: str = "id") -> tuple[ray.data.Dataset, ray.data.Dataset]:
    """The rows :func:`dedup_on_ray` keeps, and the others with ``duplicate_of`` and ``similarity``: nothing lost."""
    ray = _ray()
    ref = ray.put(duplicates)
    marked = ds.map_batches(lambda b: _mark(b, ray.get(ref), id_field), batch_format="numpy")
    kept = marked.filter(lambda r: r["duplicate_of"] == "").drop_columns(["duplicate_of", "similarity"])
    excluded = marked.filter(lambda r: r["duplicate_of"] != "")
    return kept, excluded
