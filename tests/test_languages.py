"""The command line speaks the chosen language: help, error lines, warnings; English unchanged.

The help is written when the app is built, so a Chinese help is checked through the installed
script (a fresh process); errors and warnings follow ``--lang`` within one process, checked with
``CliRunner``. An error line keeps the file name and the field path as written, in any language.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from queuesim import __version__, diagnostics, i18n, loader
from queuesim.cli import app
from queuesim.cli_language import chosen, requested
from queuesim.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
NANHU = ROOT / "scenarios" / "nanhu_branch.yaml"
TYPE_LEAKS = re.compile(r"<(bool|str|int|float|path|list\[[^\]]*\])[^>]*>|range\]|x>=|x<=|"
                        r"\{[A-Za-z_]+\}")
COMMANDS = [["run"], ["staff"], ["compare"], ["sweep"], ["report"], ["advise"], ["validate"],
            ["schema"], ["version"], ["fit"], ["backtest"], ["now"], ["network"],
            ["network", "run"], ["network", "compare"], ["network", "staff"], []]


def _script() -> str:
    beside = Path(sys.executable).with_name("queuesim")
    script = str(beside) if beside.exists() else shutil.which("queuesim")
    if script is None:
        pytest.skip("the queuesim script is not installed (pip install -e .)")
    return script


def _queuesim(*args: str, lang_env: dict | None = None, cwd: Path | None = None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "QUEUESIM_LANG")}
    env.update({"LANG": "C.UTF-8", "COLUMNS": "100"}, **(lang_env or {}))
    return subprocess.run([_script(), *args], capture_output=True, text=True, timeout=60,
                          check=False, env=env, cwd=cwd)


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "QUEUESIM_LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    i18n.set_language(None)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "app")
def test_no_help_shows_a_python_type(command):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert not TYPE_LEAKS.search(result.output), TYPE_LEAKS.search(result.output)[0]


@pytest.mark.parametrize(("command", "default"), [
    ("run", "results/<scenario file name>"), ("compare", "results/compare-"),
    ("sweep", "results/sweep-"), ("advise", "results/advise-"),
    ("staff", "results/<scenario file name>-staffing")])
def test_each_command_states_its_own_out_default(command, default):
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"})
    assert default in " ".join(result.output.split())


def test_the_stated_default_folder_of_a_sweep_is_the_one_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["sweep", str(ROOT / "scenarios" / "mmc_steady.yaml"),
                                      "--vary", "arrivals.scale=0.5,0.6", "-n", "2",
                                      "--workers", "1", "--set", "clock.horizon=120",
                                      "--set", "clock.warmup=10"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "results").iterdir()] == [
        "sweep-mmc_steady--clock.horizon=120+clock.warmup=10"]


def test_chinese_help_through_the_installed_script():
    by_option = _queuesim("--lang", "zh", "run", "--help")
    by_locale = _queuesim("run", "--help", lang_env={"LANG": "zh_CN.UTF-8"})
    for shown in (by_option, by_locale):
        assert shown.returncode == 0, shown.stderr
        assert "模拟一个服务大厅" in shown.stdout and "场景文件" in shown.stdout
        assert "Simulate a hall" not in shown.stdout
        assert not TYPE_LEAKS.search(shown.stdout)
    english = _queuesim("run", "--help", lang_env={"LANG": "zh_CN.UTF-8", "QUEUESIM_LANG": "en"})
    assert "Simulate a hall" in english.stdout


def test_version_as_an_option_and_as_a_command():
    for args in (["--version"], ["version"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0 and result.stdout == f"{__version__}\n"


def _broken(tmp_path: Path) -> Path:
    text = NANHU.read_text(encoding="utf-8")
    text = text.replace('"09:00": 24', '"09:00": -24').replace("structure: multi_line ",
                                                                "strucutre: multi_line")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_chinese_error_names_the_file_and_the_field(tmp_path):
    path = _broken(tmp_path)
    expected = (f"{path}: arrivals.per_hour: 到达率不能为负数，实际为 -24\n"
                f"{path}: queue.strucutre: 未知的键（是否想写 'structure'？）\n")
    by_option = _queuesim("run", str(path), "--lang", "zh", "--out", str(tmp_path / "out"))
    by_locale = _queuesim("validate", str(path), lang_env={"LANG": "zh_CN.UTF-8"})
    for refused in (by_option, by_locale):
        assert refused.returncode == 2 and refused.stderr == expected and not refused.stdout
    assert not (tmp_path / "out").exists()


def test_an_english_error_is_unchanged_after_a_chinese_one(tmp_path):
    path = _broken(tmp_path)
    runner = CliRunner()
    assert "未知的键" in runner.invoke(app, ["--lang", "zh", "validate", str(path)]).stderr
    english = runner.invoke(app, ["validate", str(path)])
    assert english.exit_code == 2
    assert english.stderr == (f"{path}: arrivals.per_hour: rates must not be negative, found -24\n"
                              f"{path}: queue.strucutre: unknown key (did you mean "
                              "'structure'?)\n")


def test_option_bounds_are_one_line_in_the_chosen_language():
    refused = CliRunner().invoke(app, ["run", str(NANHU), "-n", "0", "--lang", "zh"])
    assert refused.exit_code == 2
    assert refused.stderr == "--replications：应为 1 到 100,000 之间的数，实际为 0\n"
    refused = CliRunner().invoke(app, ["run", str(NANHU), "--seed", "-1"])
    assert refused.stderr == "--seed: expected a number of at least 0, found -1\n"


def test_the_language_is_taken_from_the_command_line_then_env_then_locale(monkeypatch):
    assert requested(["run", "x.yaml", "--lang", "zh"]) == "zh"
    assert requested(["--lang=en", "run"]) == "en" and requested(["run"]) is None
    assert chosen(["run", "--lang", "fr"]) == "en"  # refused later, by the option's check
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert chosen(["run"]) == "zh" and chosen(["--lang", "en"]) == "en"
    monkeypatch.setenv("QUEUESIM_LANG", "en")
    assert chosen(["run"]) == "en"


def _overloaded() -> Scenario:
    raw = loader.read_yaml(NANHU)
    raw["arrivals"]["scale"] = 3.0
    return Scenario.model_validate(raw)


def test_a_warning_is_said_in_each_language_from_its_figures():
    warning = diagnostics.overload(_overloaded())[0]
    assert diagnostics.text(warning, "en") == warning["message"]
    assert warning["message"].startswith("overload: more work arrives")
    chinese = diagnostics.text({**warning, "option": "A"}, "zh")
    assert chinese.startswith("A: 超负荷") and "12:00" in chinese


def _pydantic_problems() -> list[dict]:
    raw = loader.read_yaml(NANHU)
    raw["arrivals"]["scale"] = -1
    raw["replications"] = 2.5
    raw["queue"]["structure"] = "snake"
    raw["balking"]["max_waiting"] = "many"
    raw["counters"][0]["speed"] = [1]
    with pytest.raises(ValidationError) as caught:
        Scenario.model_validate(raw)
    return caught.value.errors(include_url=False)


def test_english_templates_of_pydantic_types_say_what_pydantic_says():
    """A translator reads the English template of a pydantic error type beside the Chinese
    one: it must be what an English user sees."""
    english = i18n.texts("en")
    checked = 0
    for problem in _pydantic_problems():
        if f"pydantic.{problem['type']}" in english and "[" not in str(problem["loc"]):
            said = loader._message(problem, list(problem["loc"]))
            assert loader._from_template(problem["type"], problem, problem["input"]) == said
            checked += 1
    assert checked >= 3


def test_a_visit_log_error_names_row_and_column_in_chinese(tmp_path):
    log = tmp_path / "visits.csv"
    log.write_text("visit,class,arrived,service_start,service_end,outcome\n"
                   "1,personal,2024-03-05 09:00:00,2024-03-05 09:01:00,2024-03-05 09:05:00,"
                   "served\n"
                   "2,personal,2024-03-05 09:02:00,2024-03-05 09:03:00,2024-03-05 09:04:00,"
                   "servd\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["fit", str(log), "--out", str(tmp_path / "hall.yaml"),
                                       "--lang", "zh"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"{log}: 第 3 行，outcome 列：应为 ")
    assert refused.stderr.endswith("实际为 'servd'（是否想写 'served'？）\n")


def test_the_comparisons_warning_of_other_customers_in_both_languages():
    warning = {"code": "other_customers", "option": "B", "baseline": "A",
               "classes": ["booked"]}
    assert diagnostics.text(warning, "en") == (
        "B: other customer classes than A (booked); its differences include that change of "
        "customers")
    assert diagnostics.text(warning, "zh").startswith("B: 客户类别与 A 不同（booked）")


def test_usage_errors_of_the_command_line_in_chinese():
    missing = _queuesim("--lang", "zh", "run")
    assert missing.returncode == 2 and "缺少 'SCENARIO'" in missing.stderr
    typo = _queuesim("runn", "x.yaml", lang_env={"QUEUESIM_LANG": "zh"})
    assert typo.returncode == 2 and "没有命令 'runn'（是否想写 'run'？）" in typo.stderr
    assert "Traceback" not in missing.stderr + typo.stderr
