"""queuesim now in English and Chinese: the table, the lines, the page; the same numbers."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from queuesim import i18n
from queuesim.cli import app

NANHU = "scenarios/nanhu_branch.yaml"
EXAMPLE = "scenarios/states/nanhu_branch_1140.yaml"
COMMAND = ["now", NANHU, "--state", EXAMPLE, "--option", "open T3 now", "-n", "6",
           "--workers", "1"]
runner = CliRunner()
WIDE = {"COLUMNS": "400"}


def test_the_terminal_speaks_chinese_with_lang_zh():
    result = runner.invoke(app, [*COMMAND, "--lang", "zh"], env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "接下来 120 分钟 — 模拟 6 次后续" in out and "维持现状" in out
    assert "现在等候者的等候时间（分钟）" in out and "每刻钟到达者的服务水平（%）" in out
    assert "open T3 now：现在等候的 14 人 " in out and "建议：" in out
    assert not re.search(r"walk-outs|waiting now|Recommended|counter-minutes", out)


def test_both_languages_give_the_same_numbers_in_other_words():
    english, chinese = (json.loads(runner.invoke(app, [*COMMAND, "--json", "--lang", code])
                                   .stdout) for code in ("en", "zh"))
    assert [o["kpis"] for o in english["options"]] == [o["kpis"] for o in chinese["options"]]
    numbers = re.compile(r"[−+]?\d+\.?\d*")
    line_en, line_zh = english["options"][1]["trade_off"], chinese["options"][1]["trade_off"]
    assert sorted(numbers.findall(line_en)) == sorted(numbers.findall(line_zh))
    assert line_en.startswith("open T3 now: ") and "for the 14 waiting" in line_en
    assert chinese["recommendation"].startswith(("建议：open T3 now — ", "建议：维持现状"))


def test_the_page_in_chinese_has_no_english_headings(tmp_path):
    page = tmp_path / "now.html"
    result = runner.invoke(app, [*COMMAND, "--lang", "zh", "--report", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in html
    for key in ("now_page_title", "now_section_differences", "now_section_service_level",
                "now_axis_service_level", "now_wait_next_hour", "now_nothing"):
        assert _on(html, i18n.say(key, "zh")), key
        assert not _on(html, i18n.say(key, "en")), key
    assert "11:40：4 个窗口正在服务，14 人等候" in html


def _on(html: str, words: str) -> bool:
    """Whether ``words`` are on the page: in its HTML, or in a chart's JSON (escaped)."""
    return words in html or json.dumps(words)[1:-1] in html


def test_a_language_it_does_not_speak_is_one_line_exit_2():
    result = runner.invoke(app, [*COMMAND, "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("--lang 'fr': not a language queuesim speaks; choose one "
                                     "of en, zh")
