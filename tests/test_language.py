"""Pages that are not Chinese are not converted between Chinese scripts; every record says its language."""
from __future__ import annotations

import pytest

from corpus_clean import clean_page
from corpus_clean.cleaners.script import detect_language

JAPANESE = ("政府は災害時の食料の確保について説明した。東京都の経済発展のために、新しい政策を発表しました。"
            "関係者によると、来年度から実施される見込みです。")
KOREAN = "정부는 재난 시 식량 확보에 대해 설명했다. 서울시는 경제 발전을 위해 새로운 정책을 발표했다."
TRADITIONAL = "臺灣的經濟發展與國際貿易關係，長期以來備受關注。城口縣委組織部表示，將繼續推動黨建工作。"
SIMPLIFIED_WITH_A_KANA = "这家名为“吉野家の牛丼”的餐厅在本市开设了第一家分店，吸引了许多市民前来品尝，排队的人很多。"


@pytest.mark.parametrize("text, language", [(JAPANESE, "ja"), (KOREAN, "ko"), (TRADITIONAL, "zh"),
                                            (SIMPLIFIED_WITH_A_KANA, "zh"), ("Only Latin text here.", "und")])
def test_language_is_told_by_the_share_of_kana_or_hangul(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("target", ["simplified", "traditional", "taiwan", "hongkong"])
def test_japanese_page_passes_through_unconverted_with_its_language(target):
    [article] = clean_page(JAPANESE, source="ja.txt", target=target)
    assert "".join(article.paragraphs) == JAPANESE  # 確保 stays 確保, 発表 stays 発表
    assert article.meta["language"] == "ja"
    assert "script" not in article.meta["changes"]


def test_chinese_pages_are_converted_and_say_zh():
    [article] = clean_page(TRADITIONAL, source="zh.txt")
    assert article.meta["language"] == "zh"
    assert "台湾的经济发展" in article.text
    [article] = clean_page(SIMPLIFIED_WITH_A_KANA, source="zh.txt", target="traditional")
    assert article.meta["language"] == "zh" and "餐廳" in article.text
