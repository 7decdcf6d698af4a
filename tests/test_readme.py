"""The README's examples work and its quoted figures are what the code gives.

Every ``queuesim`` command in a ``bash`` block of the README (and of ``docs/scenarios.md``) is
parsed by the command line
itself (unknown options and bad values fail), its files exist, and its scenario with every
``--set`` and ``--vary`` loads; ``validate`` commands are run. The ``python`` block is executed,
and each result quoted in a comment (``# {'mean': 6.65..., ...}``) must match what the line
gives, ``...`` standing for further digits.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from queuesim import load_scenario
from queuesim.cli import app
from queuesim.compare import expand
from queuesim.file_kinds import check_files
from queuesim.now.options import parse_option
from queuesim.staffing.shift_templates import load_shifts

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCENARIO_DOCS = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
PLACEHOLDERS = {"my_hall.yaml", "LOG", "NETWORK.yaml", "hall.yaml"}
"""Names in the README that stand for the reader's own files."""
LOADED = {"run", "compare", "sweep", "advise", "staff", "now"}


def blocks(language: str, text: str = README) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def commands(text: str = README) -> list[list[str]]:
    """Every ``queuesim`` command of the bash blocks, as arguments after ``queuesim``."""
    found = []
    for block in blocks("bash", text):
        for line in block.replace("\\\n", " ").splitlines():
            for part in line.split("&&"):
                words = shlex.split(part, comments=True)
                cut = next((i for i, w in enumerate(words) if w in (">", "|", "<")), None)
                if words and Path(words[0]).name == "queuesim":
                    found.append(words[1:cut])
    return found


def options(words: list[str], name: str) -> list[str]:
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word == name]


def parsed(words: list[str]):
    """The context of the (sub)command ``words`` name, its options parsed and checked (a
    usage error for an unknown option, a bad value or an extra argument)."""
    command = typer.main.get_command(app)
    context = command.make_context("queuesim", list(words))
    while hasattr(command, "resolve_command"):
        rest = [*(getattr(context, "protected_args", None)
                  or getattr(context, "_protected_args", [])), *context.args]
        name, command, rest = command.resolve_command(context, rest)
        context = command.make_context(name, rest, parent=context)
    return context


def test_the_readme_shows_commands_of_every_kind():
    names = {words[0] for words in commands()}
    assert {"run", "compare", "sweep", "advise", "staff", "validate", "now"} <= names


@pytest.mark.parametrize("words", commands() + commands(SCENARIO_DOCS), ids=" ".join)
def test_every_readme_command_parses_and_its_files_load(words):
    context = parsed(words)
    files = [Path(word) for word in words if word.endswith(".yaml")]
    for path in files:
        assert path.name in PLACEHOLDERS or (ROOT / path).is_file(), path
    sets = options(words, "--set")
    halls = [ROOT / path for path in files if path.name not in PLACEHOLDERS
             and not path.name.startswith(("shifts_", "nanhu_branch_1"))]
    if words[0] in LOADED:
        expand(halls, options(words, "--vary"), sets)
        for shifts in options(words, "--shifts"):
            load_shifts(ROOT / shifts)
    if words[0] == "now":
        hall = load_scenario(halls[0], sets)
        for text in options(words, "--option"):
            parse_option(text, [c.id for c in hall.counters], hall.class_names)
        check_files([halls[0], *(ROOT / state for state in options(words, "--state"))])
    if words[0] == "validate":
        check_files([ROOT / p for p in files if p.name not in PLACEHOLDERS], sets)
    assert context.command.name in words


def test_a_wrong_command_fails_to_parse():
    for words in (["run", "a.yaml", "extra"], ["run", "a.yaml", "--bogus"],
                  ["run", "a.yaml", "-n", "0"], ["network", "run"]):
        with pytest.raises(Exception) as refused:  # a usage error, or a range check's exit 2
            parsed(words)
        assert (re.search(r"(?i)no such option|extra|missing", str(refused.value))
                or getattr(refused.value, "exit_code", None) == 2), refused.value


def test_the_opening_example_a_fifth_counter_is_in_the_readme():
    fifth = [words for words in commands() if any(w.startswith("counters.T5=") for w in words)]
    assert fifth, "the README shows how to add a fifth counter"
    scenario = load_scenario(ROOT / fifth[0][1], options(fifth[0], "--set"))
    assert scenario.counters[-1].id == "T5" and scenario.counters[-1].hours == ["11:00-14:00"]


def quoted(comment: str) -> re.Pattern:
    """A quoted result as a pattern: ``6.65...`` matches 6.65 and any further digits."""
    return re.compile(re.escape(comment).replace(r"\.\.\.", r"\d*") + "$")


def test_the_python_example_gives_the_figures_it_quotes(monkeypatch):
    monkeypatch.chdir(ROOT)
    (block,) = blocks("python")
    namespace: dict = {}
    checked = 0
    for line in block.splitlines():
        code, _, comment = line.partition("  #")
        comment = comment.strip()
        if comment[:1] in "{[0123456789-" and comment:
            assert quoted(comment).match(repr(eval(code, namespace))), (line, repr(
                eval(code, namespace)))
            checked += 1
        elif code.strip():
            exec(code, namespace)
    assert checked >= 1


def test_the_figures_quoted_about_the_shipped_halls():
    days = re.search(r"simulates (\d+) weekdays of the Nanhu", README)
    nanhu = load_scenario(ROOT / "scenarios" / "nanhu_branch.yaml")
    assert days is None or int(days[1]) == nanhu.replications
    customers = re.search(r"`mmc_steady.yaml` \(≈([\d,]+) customers\)", README)
    mmc = load_scenario(ROOT / "scenarios" / "mmc_steady.yaml")
    expected = mmc.arrivals.per_hour * mmc.clock.horizon / 60
    assert customers is None or int(customers[1].replace(",", "")) == pytest.approx(expected,
                                                                                  rel=0.01)
