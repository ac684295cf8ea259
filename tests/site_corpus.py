"""A synthetic crawl for the site boilerplate stage: sites × pages of gold articles dressed in site furniture.

Each site gets furniture of its own, invented here (name, slogan, channel bar,
app prompt, promotions that read like prose, footer, hotline, copyright) and a
share of the project's gold paragraphs (``tests/gold``, ``tests/heldout/gold``,
``tests/fresh/gold``), each used at most once per site, so that nothing of an
article repeats across the pages of its site. Each page is one article: a
headline, a date line that differs from page to page, 3 to 6 paragraphs with a
promotion between two of them on some pages, the furniture around. Some sites
print a masthead date that is the same on every page (a date line: it must stay
metadata), and some split one article over several pages under one headline
(the headline must stay).

The pages are written as JSON Lines rows whose ``url`` gives the site; the truth
(which lines are furniture, what the article is) is returned beside them.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
GOLD = [HERE / "gold", HERE / "heldout" / "gold", HERE / "fresh" / "gold"]

CITIES = ["临江", "云溪", "青石", "南湖", "北岭", "东川", "西津", "白沙", "金山", "玉泉", "龙门", "凤城", "桐乡", "松原",
          "梅岭", "荷塘", "柳岸", "石门", "清河", "长宁", "安平", "永和", "新丰", "宝庆", "兴隆"]
KINDS = ["新闻网", "在线", "日报网", "晚报", "资讯网", "融媒", "发布", "观察"]
SLOGANS = ["做有温度的新闻，讲好身边的故事。", "权威发布，服务民生，传递正能量。", "用心记录城市的每一天。",
           "您身边的新闻专家，值得信赖的资讯平台。", "关注民生热点，倾听百姓心声。"]
CHANNELS = ["本地", "国内", "国际", "财经", "体育", "文旅", "教育", "健康", "房产", "汽车", "视频", "图片"]


@dataclass
class SitePage:
    """One page of the crawl and what a perfect cleaner would give."""

    url: str
    text: str
    title: str
    paragraphs: list[str]
    furniture: list[str]
    """The furniture lines printed on this page (each one repeats on other pages of the site)."""
    protected: list[str] = field(default_factory=list)
    """Lines that repeat across the site but must not be removed (a masthead date, a shared headline)."""


def gold_articles() -> list[tuple[str | None, list[str]]]:
    """Every gold article's headline and required paragraphs (the headlines are not used: each page's headline
    is made from its first paragraph, so that no two pages of a site share one unless meant to)."""
    articles = []
    for folder in GOLD:
        for path in sorted(folder.glob("*.json")):
            for article in json.loads(path.read_text(encoding="utf-8"))["articles"]:
                optional = set(article.get("optional") or [])
                paragraphs = [p for i, p in enumerate(article["paragraphs"]) if i not in optional]
                if paragraphs:
                    articles.append((article["title"], paragraphs))
    return articles


def _furniture(rng: random.Random, n: int) -> dict[str, list[str]]:
    city, kind = CITIES[n % len(CITIES)], KINDS[(n // len(CITIES) + n) % len(KINDS)]
    name = f"{city}{kind}"
    domain = f"site{n:02d}.example.cn"
    channels = rng.sample(CHANNELS, 8)
    phone = f"0{rng.randint(100, 999)}-{rng.randint(10000000, 99999999)}"
    return {
        "header": [f"{name} | {rng.choice(['权威', '主流', '本地'])}媒体 {rng.choice(['服务', '连接'])}{city}",
                   "首页 " + " ".join(channels),
                   f"{name}，{rng.choice(SLOGANS)}"],
        "promos": [f"关注{name}微信公众号，第一时间获取{city}本地资讯。",
                   f"【{city}号】欢迎广大读者投稿，来稿一经采用即付稿酬。",
                   f"下载{city}{rng.choice(['新闻', '头条', '发布'])}客户端，随时随地看{city}。"],
        "footer": [f"关于我们 | 联系我们 | 广告服务 | {rng.choice(['招聘信息', '投稿须知', '网站地图'])}",
                   f"新闻热线：{phone}  投稿邮箱：news@{domain}",
                   f"{name}版权所有，未经书面授权不得转载或镜像。",
                   f"{city}市互联网违法和不良信息举报中心 举报电话：{phone[:-2]}12"],
    }


def _title_from(paragraphs: list[str], fallback: str | None) -> str:
    """A headline: the first clause of 8 to 24 characters without digits or quotes, else the gold headline."""
    for paragraph in paragraphs:
        for clause in paragraph.replace("，", "。").replace(",", "。").replace("；", "。").split("。"):
            clause = clause.strip()
            if 8 <= len(clause) <= 24 and not any(c.isdigit() or c in "“”\"‘’:：?？" for c in clause):
                return clause
    return fallback or paragraphs[0][:16]


def build(sites: int = 50, pages_per_site: int = 40, seed: int = 16) -> list[SitePage]:
    """The crawl: ``sites`` × ``pages_per_site`` pages, in a fixed order for a given seed."""
    rng = random.Random(seed)
    articles = gold_articles()
    pool = [(title, p) for title, paragraphs in articles for p in paragraphs]
    serial_title = ""
    crawl: list[SitePage] = []
    for n in range(sites):
        furniture = _furniture(rng, n)
        site_pool = pool[:]
        rng.shuffle(site_pool)
        masthead = f"{2024}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{rng.choice('一二三四五六日')}" \
            if n % 5 == 0 else None
        serial = n % 7 == 3  # this site splits one article over its first five pages
        for k in range(pages_per_site):
            count = rng.randint(3, 6)
            taken, site_pool = site_pool[:count], site_pool[count:] or pool[:]
            paragraphs = [p for _, p in taken]
            if serial and k == 0:
                serial_title = "记者手记 " + _title_from(paragraphs, taken[0][0])
            title = serial_title if serial and k < 5 else _title_from(paragraphs, taken[0][0])
            lines = list(furniture["header"])
            protected = []
            if masthead:
                lines.append(masthead)
                protected.append(masthead)
            if serial and k < 5:
                protected.append(title)
            outlet = furniture["header"][0].split(" |")[0]
            lines += ["", title, f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                      f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}  来源：{outlet}", ""]
            promo = rng.choice(furniture["promos"]) if rng.random() < 0.6 else None
            printed = list(furniture["header"]) + list(furniture["footer"])
            for i, paragraph in enumerate(paragraphs):
                lines += [paragraph, ""]
                if promo and i == len(paragraphs) // 2 - 1:
                    lines += [promo, ""]
                    printed.append(promo)
            lines += furniture["footer"]
            crawl.append(SitePage(url=f"https://site{n:02d}.example.cn/news/2024/{k:04d}.html", text="\n".join(lines),
                                  title=title, paragraphs=paragraphs, furniture=printed, protected=protected))
    return crawl


def write_jsonl(crawl: list[SitePage], path: Path) -> Path:
    """The pages as JSON Lines rows (``url``, ``text``), the form ``corpus-clean clean`` reads."""
    with open(path, "w", encoding="utf-8") as fh:
        for page in crawl:
            fh.write(json.dumps({"url": page.url, "text": page.text}, ensure_ascii=False) + "\n")
    return path


def _flat(text: str) -> str:
    return "".join(text.split())


def _only_furniture(text: str, furniture: list[str]) -> bool:
    """Whether ``text`` is made of furniture lines only (rejoin may have joined two of them)."""
    rest = _flat(text)
    for line in sorted(furniture, key=len, reverse=True):
        rest = rest.replace(line, "")
    return rest == ""


def evaluate(crawl: list[SitePage], records: list[dict]) -> dict[str, float]:
    """Removed-line precision and furniture recall of ``repeated_across_pages``, and mean text F1.

    - precision: of the lines removed as ``repeated_across_pages``, the share made of furniture only;
    - recall: of the furniture lines printed, the share that no record's text holds any more
      (whichever step took them out);
    - protected_removed: masthead dates and shared headlines removed (must be 0);
    - text_f1: the scorer's body text F1 (characters folded, LCS) averaged over pages.
    """
    from .quality import fold, score_page  # the scorer's method, as test_quality_gate uses it

    by_source: dict[str, list[dict]] = {}
    for record in records:
        by_source.setdefault(record["source"], []).append(record)
    removed = furniture_removed = printed = gone = protected_removed = 0
    f1 = 0.0
    for page in crawl:
        recs = by_source.get(page.url, [])
        furniture = [_flat(x) for x in page.furniture]
        protected = {_flat(x) for x in page.protected}
        for rec in recs:
            for r in rec["removed"]:
                if r["reason"] == "repeated_across_pages":
                    removed += 1
                    furniture_removed += _only_furniture(r["text"], furniture)
                    protected_removed += _flat(r["text"]) in protected
        kept = fold("\n".join("\n".join([r.get("title") or "", r.get("subtitle") or "", *r["paragraphs"]])
                              for r in recs))
        for line in page.furniture:
            printed += 1
            gone += fold(line) not in kept
        gold = {"articles": [{"title": page.title, "paragraphs": page.paragraphs, "authors": [], "date": None,
                              "optional": []}], "removed_lines": [], "page_date": None}
        f1 += score_page(gold, recs)["text_f1"]
    return {"pages": len(crawl), "removed_as_repeated": removed,
            "precision": furniture_removed / removed if removed else 1.0,
            "recall": gone / printed if printed else 1.0, "protected_removed": protected_removed,
            "text_f1": f1 / len(crawl) if crawl else 0.0}
