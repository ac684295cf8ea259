"""Deduplication: folding, MinHash, LSH, clustering and the keep rule, the file runner and the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import opencc
import pytest

from corpus_clean.cli import main
from corpus_clean.dedup import DedupParams, MinHasher, dedup_files, exact_key, fold
from corpus_clean.dedup.cluster import clusters, keep_one
from corpus_clean.dedup.lsh import band_pairs, candidate_pairs, candidate_probability, optimal_layout
from corpus_clean.dedup.minhash import BACKENDS, EMPTY, jaccard

from .dedup_corpus import build

ROOT = Path(__file__).parent.parent
STORY = ("近日，中共中央办公厅、国务院办公厅印发了《关于减轻中小学教师负担进一步营造教育教学良好环境的若干意见》，"
         "并发出通知，要求各地区各部门结合实际认真贯彻落实。着力解决教师负担过重的问题，了解基层实际情况。")


def shingle_jaccard(a: str, b: str, n: int) -> float:
    sa = {a[i:i + n] for i in range(len(a) - n + 1)}
    sb = {b[i:i + n] for i in range(len(b) - n + 1)}
    return len(sa & sb) / len(sa | sb)


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_a_script_converted_copy_folds_to_the_same_text(config: str) -> None:
    copy = opencc.OpenCC(f"{config}.json").convert(STORY)
    assert copy != STORY and fold(copy) == fold(STORY) and exact_key(fold(copy)) == exact_key(fold(STORY))


def test_punctuation_spaces_and_width_fold_away_but_words_do_not() -> None:
    assert fold("要求各地区，认真 贯彻落实。ＡＢＣ１２３") == fold('要求各地区,认真贯彻落实. abc123')
    assert fold("要求各地区认真贯彻落实") != fold("要求各地区认真落实")


def test_folding_a_long_line_of_alternating_punctuation_and_words_is_linear() -> None:
    line = "字，, 。" * 500_000
    assert fold(line) == "字" * 500_000


@pytest.mark.parametrize("backend", BACKENDS)
def test_estimated_jaccard_is_close_to_the_true_jaccard(backend: str) -> None:
    hasher = MinHasher(ngram=5, num_perm=256, backend=backend)
    texts = [fold(r["text"]) for r in build()[:60]]
    errors = []
    for a, b in zip(texts, texts[1:]):
        mixed = a[: len(a) // 2] + b[len(b) // 2:]
        sigs = hasher.signatures([a, mixed])
        errors.append(float(jaccard(sigs[0], sigs[1])) - shingle_jaccard(a, mixed, 5))
    assert max(map(abs, errors)) < 0.15  # 4.8 standard errors at 256 permutations
    assert abs(float(np.mean(errors))) < 0.03  # no bias


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_batch_signs_each_text_as_it_would_alone_and_empty_texts_sign_empty(backend: str) -> None:
    hasher = MinHasher(ngram=5, num_perm=64, backend=backend)
    texts = [fold(r["text"]) for r in build()[:20]] + ["", "短", "四个字符"]
    together = hasher.signatures(texts)
    alone = np.vstack([hasher.signatures([t]) for t in texts])
    assert (together == alone).all()
    assert (together[-3] == EMPTY).all() and not (together[-2] == EMPTY).any()


def test_candidate_probability_is_the_s_curve_of_bands_and_rows() -> None:
    assert candidate_probability(0.9, 32, 4) > 0.999 and candidate_probability(0.2, 32, 4) < 0.05
    assert candidate_probability(0.5, 32, 4) > candidate_probability(0.5, 16, 8)
    assert optimal_layout(0.7, 256) == (25, 10)  # data-juicer's layout of 256 permutations at 0.7


def test_a_bucket_pairs_every_member_with_its_earliest_document_only() -> None:
    first, other = band_pairs(np.array([7, 3, 7, 7, 3, 9], dtype=np.uint64))
    assert sorted(zip(first.tolist(), other.tolist())) == [(0, 2), (0, 3), (1, 4)]


def test_empty_signatures_are_never_candidates() -> None:
    sigs = np.full((3, 8), EMPTY, dtype=np.uint32)
    sigs[2] = 5
    first, _ = candidate_pairs(sigs, 2, 4)
    assert len(first) == 0


def test_union_find_joins_transitively_and_the_keep_rule_picks_one_per_cluster() -> None:
    roots = clusters(6, np.array([0, 3, 4]), np.array([2, 4, 5]))
    assert roots.tolist() == [0, 1, 0, 3, 3, 3]
    lengths = np.array([5, 1, 9, 1, 7, 7])
    assert keep_one(roots, lengths, "longest").tolist() == [2, 1, 2, 4, 4, 4]  # ties: the earliest
    assert keep_one(roots, lengths, "first").tolist() == [0, 1, 0, 3, 3, 3]


def test_bad_parameters_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="permutations"):
        DedupParams(num_perm=64, bands=16, rows=8)
    with pytest.raises(ValueError, match="keep rule"):
        DedupParams(keep="shortest")


def test_nothing_is_lost_every_row_is_kept_or_excluded_with_what_it_duplicates(tmp_path: Path) -> None:
    rows = build()[:120]
    source = write_rows(tmp_path / "in.jsonl", rows)
    report = dedup_files([str(source)], tmp_path / "out.jsonl", DedupParams())
    kept = [json.loads(line) for line in (tmp_path / "out.jsonl").open(encoding="utf-8")]
    excluded = [json.loads(line) for line in (tmp_path / "out.excluded.jsonl").open(encoding="utf-8")]
    assert sorted(r["id"] for r in kept + excluded) == sorted(r["id"] for r in rows)
    assert report.kept == len(kept) and report.excluded == len(excluded) > 0
    kept_ids = {r["id"] for r in kept}
    assert all(r["duplicate_of"] in kept_ids and 0 < r["similarity"] <= 1 for r in excluded)
    assert kept == [r for r in rows if r["id"] in kept_ids]  # kept rows unchanged, in input order


def test_bad_rows_are_copied_through_and_reported_by_place(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": STORY}, ensure_ascii=False) + "\n{broken\n"
                      + json.dumps({"id": "b", "text": STORY}, ensure_ascii=False) + "\n"
                      + json.dumps({"id": "c", "title": "no text"}) + "\n", encoding="utf-8")
    report = dedup_files([str(source)], tmp_path / "out.jsonl", DedupParams(mode="exact"))
    assert report.bad_rows[0][0] == f"{source}:2" and report.rows_without_text == 1
    assert report.rows_in == 4 and report.kept == 3 and report.excluded == 1
    excluded = json.loads((tmp_path / "out.excluded.jsonl").read_text(encoding="utf-8"))
    assert excluded["id"] == "b" and excluded["duplicate_of"] == "a" and excluded["similarity"] == 1.0


def test_cli_dedup_writes_output_exclusions_and_a_report_that_counts_them(tmp_path: Path, capsys) -> None:
    source = write_rows(tmp_path / "in.jsonl", build()[:80])
    out = tmp_path / "out.jsonl.gz"
    assert main(["dedup", str(source), "-o", str(out), "--mode", "exact"]) == 0
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert (tmp_path / "out.excluded.jsonl.gz").exists()
    assert report["excluded"] == report["excluded_exact"] > 0 and report["kept"] + report["excluded"] == 80
    assert "duplicates excluded" in capsys.readouterr().err


def test_cli_dedup_refuses_standard_input_and_missing_files(tmp_path: Path, capsys) -> None:
    assert main(["dedup", "-", "-o", str(tmp_path / "o.jsonl")]) == 2
    assert main(["dedup", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "standard input" in err and "nope.jsonl: no such file" in err
    assert not (tmp_path / "o.jsonl").exists()


def test_clean_with_dedup_removes_a_traditional_reprint_of_a_page(tmp_path: Path) -> None:
    page = (ROOT / "tests" / "heldout" / "pages" / "h01_portal.txt").read_text(encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(page, encoding="utf-8")
    (pages / "b.txt").write_text(opencc.OpenCC("s2t.json").convert(page), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(pages), "-o", str(out), "--no-progress", "-q", "--workers", "1",
                 "--dedup", "exact"]) == 0
    kept = [json.loads(line) for line in out.open(encoding="utf-8")]
    excluded = [json.loads(line) for line in (tmp_path / "out.excluded.jsonl").open(encoding="utf-8")]
    assert kept and len(excluded) == len(kept)
    assert all(r["source"].endswith("b.txt") and r["duplicate_of"].startswith(str(pages / "a.txt"))
               for r in excluded)
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 2 * len(kept) and report["dedup"]["excluded"] == len(excluded)


def test_spilled_signatures_give_the_same_result_as_signatures_in_memory(tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.jsonl", build()[:150])
    dedup_files([str(source)], tmp_path / "mem.jsonl", DedupParams())
    report = dedup_files([str(source)], tmp_path / "disk.jsonl", DedupParams(), spill_dir=tmp_path)
    assert report.excluded > 0
    for name in ("{}.jsonl", "{}.excluded.jsonl"):
        assert (tmp_path / name.format("mem")).read_bytes() == (tmp_path / name.format("disk")).read_bytes()


def test_signatures_added_in_many_batches_resolve_as_one_batch() -> None:
    from corpus_clean.dedup import DedupState, resolve_state

    rows = build()[:120]
    one, many = DedupState(DedupParams()), DedupState(DedupParams())
    one.add([r["id"] for r in rows], [r["text"] for r in rows])
    for lo in range(0, len(rows), 7):
        many.add([r["id"] for r in rows[lo:lo + 7]], [r["text"] for r in rows[lo:lo + 7]])
    a, b = resolve_state(one), resolve_state(many)
    assert (a.kept == b.kept).all() and (a.similarity == b.similarity).all()
    assert (a.kept != np.arange(len(rows))).sum() > 50
    picked = np.array([119, 0, 64, 7, 8])
    assert (many.signatures()[picked] == one.signatures()[picked]).all()  # type: ignore[index]


def test_variant_classes_join_every_candidate_of_a_dictionary_line_transitively() -> None:
    from corpus_clean.dedup.build_variant_classes import classes

    lines = ["干\t幹 乾 干", "乾\t干 乾", "了\t了 瞭", "后\t後 后", "么\t麼 麽 么", "头\t頭", "软件\t軟體"]
    assert classes(lines) == sorted(["乾干幹", "了瞭", "后後", "么麼麽", "头頭"])
    assert fold("瞭解") == fold("了解") and fold("乾淨") == fold("干净")
