"""t2s converts only the lines holding a trigger, and gives exactly what OpenCC gives on the
whole text."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.parsing import t2s
from tests.conftest import FIXTURES, SEEDS


def _opencc(text: str) -> str:
    return t2s._converter().convert(text)


def test_a_trigger_is_a_character_a_change_touches() -> None:
    entries = [
        ("深沈", "深沉"),  # a phrase: only 沈 changes
        ("著", "著"),  # no change: no trigger
        ("乾", "干 乾"),  # candidates: the first is written
        ("瞭", "瞭 了"),  # the first candidate is the key: no change
        ("囉嗦", "啰"),  # lengths differ: every character of the key
    ]
    assert t2s.triggers(entries) == {"沈", "乾", "囉", "嗦"}


def test_the_shipped_triggers_are_those_of_the_installed_dictionaries() -> None:
    """The list is what the installed dictionaries give. Under other dictionaries (an OpenCC
    release with new entries) t2s converts every line, as correct and as slow as before, until
    `python -m orchestration.parsing.t2s` writes the list anew."""
    share = t2s.share_dir()
    stored_digest, stored = t2s.TRIGGERS_FILE.read_text(encoding="utf-8").split("\n", 1)
    if stored_digest != t2s.digest(share):  # still correct (every line converted), only slower
        pytest.skip("the installed OpenCC has other dictionaries: run `python -m orchestration.parsing.t2s`")
    if not (share.parent.parent / "bin" / "opencc_dict").exists():
        pytest.skip("this OpenCC build ships no opencc_dict to read its dictionaries with")
    entries = [entry for path in t2s.dictionaries(share) for entry in t2s.read_with_opencc_dict(path)]
    assert len(entries) > 5_000
    assert set(stored.strip()) == t2s.triggers(entries)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "各地区要加强监管。",  # no trigger
        "覆盖全省\n推进工作",  # 覆 is a trigger (答覆 → 答复) yet stays in 覆盖
        "第一行\n環境保護\n生態環境局\n第四行",  # two lines in a row
        "環境\n\n環境",  # the empty line between stays
        "首行\n末行有環境",  # the last line, no line break after it
        "環境\n",
        "答覆意見\n穿著制服\n深沈",  # phrases
        "𠮷野家\n環境",  # beyond the BMP: converted with its line
    ],
)
def test_converting_the_lines_that_hold_a_trigger_is_converting_the_whole_text(text: str) -> None:
    assert t2s.to_simplified(text) == _opencc(text)


def test_real_texts_convert_as_whole_texts_do() -> None:
    files = [*sorted(SEEDS.iterdir()), *sorted(p for p in FIXTURES.rglob("*.txt") if p.is_file())]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert t2s.to_simplified(text) == _opencc(text), path.name


def test_other_dictionaries_mean_every_line_is_converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "t2s_triggers.txt"
    stale.write_text("0" * 64 + "\n環\n", encoding="utf-8")  # a list made from other dictionaries
    monkeypatch.setattr(t2s, "TRIGGERS_FILE", stale)
    t2s._trigger.cache_clear()
    try:
        assert t2s._trigger() is None
        assert t2s.to_simplified("生態環境\n答覆") == "生态环境\n答复"
    finally:
        t2s._trigger.cache_clear()
