"""Person names in bylines: recognising them, and splitting names written together.

A name is a surname from ``resources/surnames.txt`` followed by one or two
given-name characters (two or three after a compound surname such as 欧阳),
and is not an ordinary word of jieba's dictionary (``减去``, ``文化``, ``科教``)
unless the dictionary itself tags it as a person name. Names are checked in
Simplified form, so Traditional bylines (``趙廷虎``) work with the same table.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources

from .chars import char_class, for_re
from .convert import to_simplified
from .roles import BYLINE_ROLES, EDITOR_ROLES, alternation, both_scripts, byline_role_pattern

_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_SEPARATORS = re.compile(r"[\s\u3000、，,;；/／|｜]+|(?<=[\u3400-\u9fff]{2})[和与及](?=[\u3400-\u9fff]{2})")
# words that introduce names in a byline (the role table's), the one-character 文 and 图 between separators
_ROLE = re.compile(byline_role_pattern())
# the end of a unit's name: 县公安局, 市融媒体中心, 中共某县委组织部
UNIT = re.compile(r"(?:局|所|院|委|办|部|中心|公司|队|站|厅|处|科|协会|政府|法院|检察院|医院|学校|集团)$")
_EDITOR_WORDS = both_scripts(EDITOR_ROLES)
"""The editor credit below needs one of these words: lines without them are not searched."""
_EDITOR_WORD = re.compile(alternation(_EDITOR_WORDS))
_EDITOR_CREDIT = re.compile(for_re(rf"(?<![\s\u3000])[\s\u3000]+{alternation(_EDITOR_WORDS)}\s*[/／|｜:：]\s*"
                                    r"\p{Han}{2,4}$"))
# the look-behind starts a match only where a run of address characters starts: linear on long runs
_EMAIL = re.compile(r"[(（<]?(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+[)）>]?\s*$", re.ASCII)
# the outlet a reporter works for, before the role word: 澎湃新闻记者, 新京报记者, 红星新闻 记者
_OUTLET = re.compile(for_re(r"^(?:[\p{Han}A-Za-z+]{1,6}(?:新闻|报|网|社|台|客户端)|《[^《》]{1,12}》)$"))
"""The outlet before a byline's first role word: ``澎湃新闻``, ``扬子晚报``, a magazine or column in book brackets
(``《棱镜》作者 周纯``)."""
_TRAILING = re.compile(for_re(r"(?:[/／|｜]\s*\p{Han}{2,6}?)?(?:报道|报导)$|(摄影?|撰稿|整理|供稿|发自.*|/摄)$"))


_PEN_NAME_ROLES = frozenset(("作者",))
# 作者：ggjjzhzz, 作者: 放飞&心情: a label and one token, no space or sentence punctuation in it
_PEN_NAME = re.compile(r"^\s*[:：]\s*[^\s:：,，。；;、!！?？()（）【】\[\]]{2,12}\s*$")


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    text = resources.files("corpus_clean.resources").joinpath("surnames.txt").read_text(encoding="utf-8")
    names = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(w for w in names if len(w) == 1), frozenset(w for w in names if len(w) == 2)


@lru_cache(maxsize=1)
def jieba_dictionary() -> tuple[dict[str, int], dict[str, str]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab


def is_person_name(name: str, strict: bool = False) -> bool:
    """Whether ``name`` (2 to 4 Han characters) reads as a Chinese person name.

    jieba tags many words ``nr`` (华为, 熊猫, 柳树): ``strict``, for names with no
    role word beside them, refuses every two-character dictionary word.
    """
    if not 2 <= len(name) <= 4 or name[0] not in _name_initials() or not _HAN.match(name):
        return False  # a name opens with a surname, whatever script it is written in
    simple = to_simplified(name)
    single, compound = surnames()
    if simple[:2] in compound:
        ok = 3 <= len(simple) <= 4
    else:
        ok = simple[0] in single and len(simple) <= 3
    if not ok:
        return False
    freq, tags = jieba_dictionary()
    count = freq.get(simple)
    if count:
        if strict and len(simple) == 2:
            return False
        return tags.get(simple, "").startswith("nr") and count < 1000
    return True


def split_run(run: str, strict: bool = False) -> list[str] | None:
    """Split names written together (``胡斌谢金利``) into names, or None if it cannot.

    Among the ways to cut the run into names, the one with the fewest
    two-character names wins: three-character names are the most common, and a
    two-character cut is what turns ``赵廷虎吴婧`` into ``赵廷 | 虎吴婧``.
    """
    if run[:1] not in _name_initials():
        return None  # every cut's first name would open with this character: no name does
    if is_person_name(run, strict):
        return [run]
    best: list[str] | None = None
    for size in (3, 2, 4):
        if size >= len(run):
            continue  # no such head, or the whole run, just refused
        head = run[:size]
        if not is_person_name(head, strict):
            continue
        rest = split_run(run[size:], strict) if run[size:] else []
        if rest is None:
            continue
        cut = [head] + rest
        if best is None or sum(len(n) == 2 for n in cut) < sum(len(n) == 2 for n in best):
            best = cut
    return best


def names_only(text: str, strict: bool = False, units: bool = False) -> list[str] | None:
    """The names of a line that holds nothing but person names, else None.

    With ``units``, unit names (县公安局, 市融媒体中心) may stand among them and are skipped.
    """
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    if not tokens or len(tokens) > 8:
        return None
    found: list[str] = []
    for token in tokens:
        if UNIT.search(token):
            if units:
                continue
            if strict and len(token) >= 4:
                return None  # 国家统计局 on a line of its own: a unit's name, not 国家统 and 计局
        if not 2 <= len(token) <= 12 or not _HAN.match(token):
            return None  # names are Han characters only (a token holds no line break for ``$`` to stop before)
        names = split_run(token, strict)
        if names is None:
            return None
        found.extend(names)
    return found


def has_role_word(text: str) -> bool:
    """Whether a role word (``记者``, ``作者``, ``文/``, ``摄影``...) stands in ``text``: what makes a line of names a
    byline wherever it stands, where a bare line of names is one only in a byline's place."""
    return _ROLE.search(to_simplified(text)) is not None


def _named_by_role(piece: str) -> bool:
    """A piece that a role word introduces and that has the form of a name (surname and one or two characters),
    though the dictionary knows it as a word (高远, 海燕, 建国)."""
    if not 2 <= len(piece) <= 3 or not _HAN.match(piece):
        return False
    return to_simplified(piece)[0] in surnames()[0]


_SKIPPED_BEFORE_NAME = "□■●◆◇▲△★☆()（）[]【】:：/／|｜、，,;；"
"""What parse_byline strips or splits on before a line's first name, besides whitespace: bullets, brackets,
separators."""
_BEFORE_FIRST_NAME = re.compile(f"[\\s{re.escape(_SKIPPED_BEFORE_NAME)}]*")
_SKIPPED_CHARS = frozenset(_SKIPPED_BEFORE_NAME)
_SHORT_ROLE_WORDS = frozenset(("文", "图"))


def _with_traditional(chars: frozenset[str]) -> frozenset[str]:
    """``chars`` and every character whose Simplified form (as :func:`to_simplified` makes it) holds one of them."""
    from .convert import script_chars

    return chars | frozenset(chr(code) for code, new in script_chars().simplify.items() if not chars.isdisjoint(new))


@lru_cache(maxsize=1)
def _name_initials() -> frozenset[str]:
    """What a name can open with, in either script: a single surname or a compound one's first character."""
    single, compound = surnames()
    return _with_traditional(frozenset(single) | frozenset(c[0] for c in compound))


@lru_cache(maxsize=1)
def _opening_chars() -> frozenset[str]:
    """What a byline can open with, in either script: a name's first character, or ``文``/``图`` (a role word
    the parse finds only at the line's start)."""
    return _name_initials() | _with_traditional(_SHORT_ROLE_WORDS)


@lru_cache(maxsize=1)
def _role_chars() -> frozenset[str]:
    """The first characters of the role words, in either script: a line with none of them holds no role word."""
    return _with_traditional(frozenset(role[0] for role in BYLINE_ROLES))


@lru_cache(maxsize=1)
def _byline_gate() -> tuple[frozenset[str], re.Pattern[str]]:
    """(:func:`_opening_chars`, a class pattern of :func:`_role_chars`): one call for both, and a class search, which
    skips the characters of a line faster than a set tests them one by one."""
    return _opening_chars(), re.compile(f"[{char_class(map(ord, _role_chars()))}]")


def may_be_byline(text: str) -> bool:
    """False only where :func:`parse_byline` is None: a cheap test that spares the full parse on most lines.

    :func:`parse_byline` finds names only (a) where a role word stands in the line, which a search of the whole
    line finds too (the parse reads a part of the line; its one anchored role word, ``文/`` or ``图/`` at the
    start, is tested below), and which needs a role word's first character; or (b) on a line of names alone,
    whose first token opens with a surname once the bullets, brackets, separators and spaces the parse strips
    are skipped. Characters are compared in both scripts, as the parse reads them in Simplified form.
    """
    opening, role_chars = _byline_gate()
    first = text[:1]
    if first in _SKIPPED_CHARS or first.isspace():  # most lines open with their first character: no skipping
        start = _BEFORE_FIRST_NAME.match(text).end()  # type: ignore[union-attr]  # matches the empty string
        first = text[start:start + 1]
    if first in opening:
        return True
    if role_chars.search(text) is None:
        return False
    simple = to_simplified(text)
    return _ROLE.search(simple) is not None or (len(simple) != len(text) and _ROLE.search(text) is not None)


def parse_byline(text: str) -> list[str] | None:
    """Names out of a byline (``作者/简盈盈、谢军``, ``记者 张三 通讯员 李四``, ``倪凯``), else None.

    Every piece of the line must be a role word or a name: a sentence that
    mentions a reporter is not a byline.
    """
    text = text.strip().lstrip("□■●◆◇▲△★☆").strip().strip("()（）[]【】")
    if len(text) > 200:
        return None  # a byline is short; longer text is not read further
    text = (_EMAIL.sub("", text) if "@" in text else text).rstrip()  # 王珊珊 报道 wangss@example.com
    if _EDITOR_WORD.search(text):
        text = _EDITOR_CREDIT.sub("", text)  # 文｜财新 周颖　编辑｜林静: editors are not authors
    if not text or len(text) > 60:
        return None
    simple = to_simplified(text)
    if len(simple) != len(text):  # role words are found in the Simplified form, names cut from the original
        simple = text
    cuts = [0]
    roles = [""]  # the role word before each piece
    for m in _ROLE.finditer(simple):
        cuts.extend((m.start(), m.end()))
        roles.append(m.group(0))
    cuts.append(len(text))
    has_role = len(cuts) > 2
    if not has_role and len(text) > 30:
        return None  # a line of bare names is short: no piece needs reading
    names: list[str] = []
    for n, (start, end) in enumerate(zip(cuts[::2], cuts[1::2])):
        raw_piece = text[start:end]
        piece = raw_piece.strip(" \t\u3000:：/|｜、，,")
        pen_name = roles[n] in _PEN_NAME_ROLES and n == len(roles) - 1 and bool(_PEN_NAME.match(raw_piece))
        simple_piece = to_simplified(piece)
        if n == 0 and has_role and _OUTLET.match(simple_piece):
            continue  # 澎湃新闻记者: the reporter's outlet, before the first role word
        trailing = _TRAILING.search(simple_piece) if piece else None
        if trailing:
            piece = piece[:trailing.start()].strip(" \t\u3000:：/|｜、，,")
        if not piece:
            continue
        found = names_only(piece, strict=not has_role, units=has_role)
        if found is None and has_role:
            tokens = [t for t in _SEPARATORS.split(piece) if t]
            if len(tokens) >= 2 and len(tokens[0]) <= 6 and not is_person_name(tokens[0]):
                tokens = tokens[1:]  # 文｜财新 周颖: the outlet between the role word and the names
            if tokens and all(_named_by_role(t) or is_person_name(t) for t in tokens):
                found = tokens  # 记者 高远: after a role word, a surname and a given name is a name, even a word's
        if found is None and pen_name:
            found = [piece]  # 作者： 放飞&心情: after an author's label, the rest of the line is a pen name
        if found is None:
            return None
        names.extend(found)
    return names or None
