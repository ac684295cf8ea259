"""The cleaner contract, the pipeline, recipes and the public API."""
from __future__ import annotations

import inspect
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_clean
from corpus_clean import CLEANERS, Pipeline, RecipeError, clean_page
from corpus_clean.cleaners.base import Cleaner

SPEC_ORDER = ["html_residue", "mojibake", "pinyin", "spam_lines", "rejoin", "segment", "script", "normalize"]
OPTIONAL_STEPS = ["quality", "site_boilerplate"]
"""Steps a recipe may name that the default pipeline does not run."""


def test_default_pipeline_runs_the_eight_steps_of_spec_in_order() -> None:
    assert [c.name for c in Pipeline.default().cleaners] == SPEC_ORDER


def test_every_step_name_maps_to_its_class_in_the_one_table() -> None:
    assert list(CLEANERS) == SPEC_ORDER + OPTIONAL_STEPS
    for name, cls in CLEANERS.items():
        assert cls.name == name and issubclass(cls, Cleaner)


@pytest.mark.parametrize("cls", list(CLEANERS.values()), ids=list(CLEANERS))
def test_cleaners_store_settings_unchanged_and_pickle(cls: type[Cleaner]) -> None:
    cleaner = cls()
    params = cleaner.get_params()
    declared = inspect.signature(cls.__init__).parameters.values()
    assert set(params) == {p.name for p in declared if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    clone = pickle.loads(pickle.dumps(cleaner))
    assert clone == cleaner and clone.get_params() == params


def test_constructors_do_no_work_beyond_storing_arguments() -> None:
    # an invalid setting is only an error when the cleaner runs, as in scikit-learn
    cleaner = CLEANERS["script"](target="klingon")
    assert cleaner.target == "klingon"
    with pytest.raises(ValueError, match="klingon"):
        Pipeline([cleaner]).clean_page("漢字")


def test_whole_pipeline_pickles_after_use() -> None:
    pipeline = Pipeline.default()
    pipeline.clean_page("標題\n\n內容第一段。")
    clone = pickle.loads(pickle.dumps(pipeline))
    assert clone == pipeline
    assert clone.clean_page("標題\n\n內容第一段。")[0].paragraphs == ["内容第一段。"]


def test_recipe_round_trip_gives_an_equal_pipeline(tmp_path) -> None:
    pipeline = Pipeline.default(target="taiwan")
    pipeline.cleaners[6].protect = ["臺積電"]
    recipe = tmp_path / "recipe.toml"
    text = pipeline.to_config(recipe)
    assert recipe.read_text(encoding="utf-8") == text
    again = Pipeline.from_config(recipe)
    assert again == pipeline
    assert again.cleaners[6].target == "taiwan" and again.cleaners[6].protect == ["臺積電"]


def test_recipe_with_unknown_step_or_setting_names_the_problem(tmp_path) -> None:
    bad_step = tmp_path / "a.toml"
    bad_step.write_text('[[step]]\nname = "spellcheck"\n', encoding="utf-8")
    with pytest.raises(RecipeError, match="spellcheck"):
        Pipeline.from_config(bad_step)
    bad_setting = tmp_path / "b.toml"
    bad_setting.write_text('[[step]]\nname = "normalize"\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(RecipeError, match="colour"):
        Pipeline.from_config(bad_setting)
    not_toml = tmp_path / "c.toml"
    not_toml.write_text("[[step\n", encoding="utf-8")
    with pytest.raises(RecipeError, match="not valid TOML"):
        Pipeline.from_config(not_toml)


def test_a_subset_pipeline_composes_in_python() -> None:
    from corpus_clean import HtmlResidue, Normalize

    articles = Pipeline([HtmlResidue(), Normalize()]).clean_page("<p>第一段 内容</p>\n&nbsp;第二段", source="s")
    assert [a.paragraphs for a in articles] == [["第一段内容", "第二段"]]


def test_clean_page_has_the_documented_signature() -> None:
    sig = inspect.signature(clean_page)
    assert list(sig.parameters) == ["text", "source", "target"]
    assert sig.parameters["source"].kind is inspect.Parameter.KEYWORD_ONLY
    assert sig.parameters["target"].default == "simplified"
    assert "clean_page" in corpus_clean.__all__


def test_clean_page_converts_to_the_target_and_numbers_ids_by_source() -> None:
    page = "標題一\n\n記者 王小明\n\n這是第一篇文章的內容。\n\n標題二在這裡\n\n記者 李大華\n\n這是第二篇文章的內容。"
    simplified = clean_page(page, source="a.txt")
    assert [a.id for a in simplified] == ["a.txt#0", "a.txt#1"]
    assert simplified[0].paragraphs == ["这是第一篇文章的内容。"]
    kept = clean_page(page, source="a.txt", target="keep")
    assert kept[0].paragraphs == ["這是第一篇文章的內容。"]


def test_clean_page_rejects_bytes_with_a_clear_message() -> None:
    with pytest.raises(TypeError, match="decode"):
        clean_page("正文".encode())  # type: ignore[arg-type]


def test_nothing_is_lost_every_page_line_is_in_a_field_or_removed() -> None:
    page = ("首页 | 新闻 | 财经 | 体育 | 娱乐\n城市更新让老街焕发新生\n记者 张小明\n"
            "近日，记者走访了城南老街，看到了许多新变化。\n责任编辑：王五\n猜你喜欢\n老街的故事\n新街的故事")
    articles = clean_page(page, source="s", target="keep")
    accounted = {r.text.strip() for a in articles for r in a.removed}
    for a in articles:
        accounted.update(p for p in a.paragraphs)
        accounted.update(x for x in (a.title, a.subtitle) if x)
    for line in page.splitlines():
        assert line.strip() in accounted, line


def test_full_audit_lists_every_span_removed_inside_kept_lines() -> None:
    from corpus_clean import HtmlResidue, PinyinAnnotations

    text = "標題\n\n我們(men)的<b>發(fā)展</b>很快。"
    default = Pipeline.default().clean_page(text, source="s")[0]
    assert "edits" not in default.meta and default.meta["changes"]["pinyin"]["annotation"] == 2
    audited = Pipeline.default()
    audited.cleaners[0] = HtmlResidue(audit=True)
    audited.cleaners[2] = PinyinAnnotations(audit=True)
    article = audited.clean_page(text, source="s")[0]
    assert article.paragraphs == default.paragraphs
    assert article.meta["edits"] == [
        {"cleaner": "html_residue", "reason": "tag", "text": "<b>"},
        {"cleaner": "html_residue", "reason": "tag", "text": "</b>"},
        {"cleaner": "pinyin", "reason": "annotation", "text": "(men)"},
        {"cleaner": "pinyin", "reason": "annotation", "text": "(fā)"}]


_PAGE_PIECES = st.sampled_from(["标题", "记者 张三", "本报讯（记者 李四）", "（上接一版）", "（下转第3版）", "<p>", "</div>",
                                "&nbsp;", "發(fā)展", "?!", "猜你喜欢", "首页 | 新闻 | 财经 | 体育", "责任编辑：王五",
                                "2023-05-12 09:30", "…………", "\u200b", "。", "，", "“", "”", "\n", "\n\n", "1", "a"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PAGE_PIECES, st.text(max_size=20)), max_size=30).map("".join))
def test_default_pipeline_never_raises_and_keeps_its_record_invariants(text: str) -> None:
    articles = Pipeline.default().clean_page(text, source="p")
    assert [a.id for a in articles] == [f"p#{i}" for i in range(len(articles))]
    for article in articles:
        assert article.to_dict()["text"] == "\n".join(article.paragraphs)
        assert all(p.strip() for p in article.paragraphs)
        assert article.date is None or len(article.date) == 10
        assert all(r.reason for r in article.removed)
