"""Script conversion: OpenCC's own cases, detection per page, targets, user control, non-Chinese text untouched."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from corpus_clean import Pipeline, ScriptConversion, clean_page
from corpus_clean.cleaners.script import TARGETS, choose_config, detect_script
from corpus_clean.convert import backend, converter
from corpus_clean.page import Page

HERE = Path(__file__).parent
OPENCC_CASES = HERE / "opencc_cases"
DETECTION = [json.loads(line) for line in (HERE / "cases" / "script" / "detection.jsonl")
             .read_text(encoding="utf-8").splitlines() if line.strip()]
CONFIGS = ("t2s", "s2t", "s2tw", "s2hk", "tw2s", "hk2s")


def opencc_cases(config: str) -> list[dict]:
    with open(OPENCC_CASES / f"{config}.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("config", CONFIGS)
def test_opencc_own_cases_pass_with_the_default_backend(config: str) -> None:
    assert backend() == "official"
    cases = opencc_cases(config)
    failed = [c["id"] for c in cases if converter(config)(c["input"]) != c["expected"]]
    print(f"\n{config}: {len(cases) - len(failed)}/{len(cases)} OpenCC cases pass")
    assert len(cases) >= 20 and not failed


@pytest.mark.parametrize("case", DETECTION, ids=[c["script"] + str(i) for i, c in enumerate(DETECTION)])
def test_script_is_detected_from_single_script_characters(case: dict) -> None:
    assert detect_script(case["text"])[0] == case["script"]


def test_taiwan_and_hong_kong_variants_are_told_apart_where_the_characters_say_so() -> None:
    assert detect_script("台灣民眾在裡面吃著麵線，臺北的夜晚很熱鬧。")[1] == "tw"
    assert detect_script("香港市民在裏面吃緊麪線，衞生署發出提示。")[1] == "hk"


@pytest.mark.parametrize("target,script,variant,config", [
    ("simplified", "simplified", None, None), ("simplified", "traditional", None, "t2s"),
    ("simplified", "traditional", "tw", "tw2s"), ("simplified", "traditional", "hk", "hk2s"),
    ("traditional", "traditional", None, None), ("traditional", "simplified", None, "s2t"),
    ("taiwan", "simplified", None, "s2tw"), ("hongkong", "simplified", None, "s2hk"), ("keep", "traditional", None, None)])
def test_configuration_follows_target_and_detected_script(target, script, variant, config) -> None:
    assert choose_config(target, script, variant) == config


def test_page_already_in_the_target_script_is_not_converted() -> None:
    page = ScriptConversion(target="simplified").apply(Page.from_text("城市更新让老街焕发新生。", "t"))
    assert not page.lines[0].edits and page.meta["original_script"] == "simplified"


@pytest.mark.parametrize("target", [t for t in TARGETS if t != "keep"])
def test_every_target_converts_and_records_the_scripts(target: str) -> None:
    source = "這是第一段內容，說明了發展的情況。" if target == "simplified" else "这是第一段内容，说明了发展的情况。"
    article = clean_page("標題\n\n" + source, source="s", target=target)[0]
    assert article.paragraphs[0] != source
    assert article.meta["target_script"] == target


def test_urls_latin_words_digits_and_punctuation_are_not_touched() -> None:
    text = "詳見 https://www.example.com/新聞/發展?id=1 與 Apple Inc. 的 iPhone 15，價格為 5999 元「特價」！"
    converted = ScriptConversion().apply(Page.from_text(text, "t")).lines[0].text
    assert "https://www.example.com/新聞/發展?id=1" in converted
    for kept in ("Apple Inc.", "iPhone 15", "5999", "「", "」", "！", "，"):
        assert kept in converted
    assert "详见" in converted and "价格为" in converted


def test_user_dictionary_applies_before_opencc_and_is_not_converted_again() -> None:
    cleaner = ScriptConversion(target="simplified", user_dict={"軟體": "软件", "伺服器": "服务器"})
    converted = cleaner.apply(Page.from_text("這套軟體部署在伺服器上。", "t")).lines[0].text
    assert converted == "这套软件部署在服务器上。"


def test_protected_terms_and_pattern_are_never_converted() -> None:
    cleaner = ScriptConversion(target="simplified", protect=["臺積電"], protect_regex=r"《[^》]+》")
    converted = cleaner.apply(Page.from_text("臺積電發表《經濟發展報告》後，股價上漲。", "t")).lines[0].text
    assert converted == "臺積電发表《經濟發展報告》后，股价上涨。"


def test_user_control_works_end_to_end_through_a_recipe_and_the_cli(tmp_path) -> None:
    from corpus_clean.cli import main

    pipeline = Pipeline.default()
    pipeline.cleaners[6].protect = ["臺積電"]
    pipeline.cleaners[6].user_dict = {"晶圓": "晶片"}
    recipe = tmp_path / "r.toml"
    recipe.write_text(pipeline.to_config(), encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("臺積電擴大投資\n\n臺積電宣布擴大晶圓產能，預計明年完工。", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(page), "-o", str(out), "--config", str(recipe), "--no-progress", "-q"]) == 0
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert record["title"] == "臺積電扩大投资"
    assert record["paragraphs"] == ["臺積電宣布扩大晶片产能，预计明年完工。"]


def test_authors_are_converted_with_their_byline() -> None:
    article = clean_page("標題在這裡\n\n記者 趙廷虎\n\n正文第一段，內容很長。", source="s")[0]
    assert article.authors == ["赵廷虎"]


def test_user_control_works_end_to_end_through_pipeline_clean_page() -> None:
    from corpus_clean import ScriptConversion

    pipeline = Pipeline.default()
    pipeline.cleaners[6] = ScriptConversion(target="simplified", user_dict={"晶圓": "晶片"}, protect=["臺積電"],
                                            protect_regex=r"[A-Z]\d{3,}")
    article = pipeline.clean_page("臺積電擴大投資\n\n臺積電宣布擴大晶圓產能，N3E製程預計明年量產。", source="s")[0]
    assert article.title == "臺積電扩大投资"
    assert article.paragraphs == ["臺積電宣布扩大晶片产能，N3E制程预计明年量产。"]


def test_stray_traditional_characters_on_a_simplified_page_are_converted() -> None:
    page = "外商投资\n\n一位來自臺灣的企业家在这里投资建厂。" + "当地政府为企业提供了全方位服务，项目建设进展顺利。" * 3
    article = clean_page(page, source="s")[0]
    assert article.meta["original_script"] == "simplified"
    assert article.paragraphs[0].startswith("一位来自台湾的企业家在这里投资建厂。")


@pytest.mark.parametrize("config", ["t2s", "tw2s", "hk2s", "s2tw", "s2hk", "s2t"])
def test_text_after_a_nul_character_is_not_lost_in_conversion(config: str) -> None:
    # OpenCC's Taiwan and Hong Kong configurations stop at a NUL; scraped pages do hold them
    assert converter(config)("甲\x00乙。") == "甲\x00乙。"


def test_a_traditional_page_with_a_nul_keeps_its_text_end_to_end() -> None:
    page = "臺灣民眾在裡面吃著麵線，臺北的夜晚很熱鬧。\n\n這是第二段\x00後面的文字不能丟失。\n"
    paragraphs = [p for article in clean_page(page) for p in article.paragraphs]
    assert paragraphs[-1] == "这是第二段后面的文字不能丢失。"
