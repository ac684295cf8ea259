"""A deduplication test corpus with known answers, built from the project's gold articles.

Every gold article (tests/gold, tests/heldout/gold, tests/fresh/gold) becomes a
*family*: the article and its reprints, which are duplicates of each other:

- ``boilerplate``: other boilerplate lines above and below (source, editor, share row);
- ``traditional``: converted to Traditional with OpenCC ``s2t`` (an exact duplicate once folded);
- ``taiwan``: converted with ``s2tw`` (also exact);
- ``ascii_punct``: Chinese punctuation turned into ASCII (exact);
- ``dropped``: one paragraph (at most a quarter of the text) left out;
- ``reordered``: two paragraphs swapped;
- ``editor_note``: an editor's note added;
- ``traditional_note``: Traditional, with other boilerplate and an editor's note.

Distinct articles on the same topic must not merge: an article of six or
more paragraphs is split into two halves that are two families (same event,
same names and places, different text), articles of one page (a
newspaper page's stories from one county) are families of their own, and a
``follow_up`` quotes lead paragraphs of one article (from its first half, at
most 40% of it) and goes on with paragraphs of another (from its second half,
at most 40% of that): it shares much of its text with each, and is a family
of its own, of one. Each article is quoted once as a lead and once as a body.

Run ``python tests/dedup_corpus.py OUT.jsonl`` to write it; rows have ``id``,
``text``, ``family`` and ``variant``.
"""
from __future__ import annotations

import json
import random
import re
import sys
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Callable

import opencc

ROOT = Path(__file__).parent
GOLD_DIRS = (ROOT / "gold", ROOT / "heldout" / "gold", ROOT / "fresh" / "gold")
SPLIT_PARAGRAPHS = 6
WORD = re.compile(r"\w")
HEADERS = ("来源：新华网", "本文来源：人民网－人民日报", "首页 > 新闻中心 > 正文", "【字体：大 中 小】 打印本页",
           "发布时间：2023-06-01 09:12 来源：本站")
FOOTERS = ("责任编辑：王磊", "（编辑：李明 审核：张华）", "分享到：微信 微博 QQ空间", "扫一扫，关注我们的公众号",
           "版权声明：转载请注明出处", "【纠错】 【责任编辑：陈思】")
NOTES = ("编者按：本文经作者授权转载，有删节，标题为编者所加。", "（编者注：文中数据截至发稿时。）",
         "编者按：近期各地持续推进相关工作，本报记者近日进行了采访。")
ASCII_PUNCT = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "“": '"', "”": '"',
                             "‘": "'", "’": "'", "（": "(", "）": ")", "、": ",", "《": "<", "》": ">"})


def gold_articles() -> list[tuple[str, list[str]]]:
    """(name, paragraphs) of every gold article with text, in a stable order."""
    found = []
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.json")):
            for n, article in enumerate(json.loads(path.read_text(encoding="utf-8"))["articles"]):
                paragraphs = [p for p in article["paragraphs"] if p.strip()]
                if paragraphs:
                    found.append((f"{folder.parent.name}/{path.stem}#{n}", paragraphs))
    return found


def families() -> list[tuple[str, list[str]]]:
    """The originals: gold articles, long ones split into two halves that must stay apart."""
    out = []
    for name, paragraphs in gold_articles():
        if len(paragraphs) >= SPLIT_PARAGRAPHS:
            half = len(paragraphs) // 2
            out += [(f"{name}/a", paragraphs[:half]), (f"{name}/b", paragraphs[half:])]
        else:
            out.append((name, paragraphs))
    return out


@lru_cache(maxsize=None)
def _convert(config: str) -> Callable[[str], str]:
    return opencc.OpenCC(f"{config}.json").convert


def variants(paragraphs: list[str], rng: random.Random) -> dict[str, list[str]]:
    """The reprints of one article, by kind (kinds that do not apply to it are left out)."""
    s2t, s2tw = _convert("s2t"), _convert("s2tw")
    out = {"original": paragraphs,
           "boilerplate": [rng.choice(HEADERS), *paragraphs, rng.choice(FOOTERS), rng.choice(FOOTERS)],
           "traditional": [s2t(p) for p in paragraphs],
           "taiwan": [s2tw(p) for p in paragraphs],
           "ascii_punct": [p.translate(ASCII_PUNCT) for p in paragraphs],
           "editor_note": [rng.choice(NOTES), *paragraphs] if rng.random() < 0.5 else [*paragraphs, rng.choice(NOTES)],
           "traditional_note": [s2t(rng.choice(NOTES)), *[s2t(p) for p in paragraphs], s2t(rng.choice(FOOTERS))]}
    total = sum(map(len, paragraphs))
    droppable = [i for i, p in enumerate(paragraphs) if i and len(p) <= total / 4]
    if len(paragraphs) >= 3 and droppable:
        drop = rng.choice(droppable)
        out["dropped"] = [p for i, p in enumerate(paragraphs) if i != drop]
    swappable = [i for i in range(len(paragraphs) - 1)  # two paragraphs with words (not "…………"), not the same
                 if WORD.search(paragraphs[i]) and WORD.search(paragraphs[i + 1]) and paragraphs[i] != paragraphs[i + 1]]
    if swappable:
        i = rng.choice(swappable)
        swapped = list(paragraphs)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        out["reordered"] = swapped
    return out


def build(seed: int = 15) -> list[dict]:
    """The corpus rows, shuffled with ``seed`` so no family sits together in input order."""
    rng = random.Random(seed)
    originals = families()
    rows = []
    for family, paragraphs in originals:
        for kind, text in variants(paragraphs, rng).items():
            rows.append({"id": f"{family}|{kind}", "text": "\n".join(text), "family": family, "variant": kind})
    bodies = list(range(len(originals)))
    rng.shuffle(bodies)
    for n, m in enumerate(bodies):  # each article quoted once as a lead and once as a body, never by itself
        (_, lead), (_, body) = originals[n], originals[m]
        quoted, taken = _share(lead[: (len(lead) + 1) // 2], 0.4, lead), _share(body[len(body) // 2:], 0.4, body)
        if n != m and quoted and taken:
            family = f"follow_up/{n}"
            rows.append({"id": family, "text": "\n".join(quoted + taken), "family": family, "variant": "follow_up"})
    rng.shuffle(rows)
    return rows


def _share(paragraphs: list[str], share: float, article: list[str]) -> list[str]:
    """The first paragraphs, as many as fit in ``share`` of the whole article's text."""
    total, taken, size = sum(map(len, article)), [], 0
    for p in paragraphs:
        if size + len(p) > share * total:
            break
        taken.append(p)
        size += len(p)
    return taken


def true_pairs(rows: list[dict]) -> set[tuple[str, str]]:
    """Every pair of ids of the same family (sorted within the pair)."""
    by_family: dict[str, list[str]] = {}
    for row in rows:
        by_family.setdefault(row["family"], []).append(row["id"])
    return {tuple(sorted(p)) for ids in by_family.values() for p in combinations(ids, 2)}  # type: ignore[misc]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/dedup_corpus.py OUT.jsonl", file=sys.stderr)
        return 2
    rows = build()
    with open(argv[0], "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows, {len({r['family'] for r in rows})} families, {len(true_pairs(rows))} duplicate pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
