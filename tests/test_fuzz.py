"""Fuzz: hundreds of broken scenario files, none of which may end in a traceback, a hang, or a
run of something that is nonsense by construction.

A seeded generator mutates the shipped scenarios (the steady-state one shortened to a
3,000-minute run): a key deleted, misspelt or given twice, a value of the wrong type, negative,
zero, ``.inf``, ``.nan`` or huge (1e12, 1e20), an empty list or mapping, nesting thousands of
brackets deep, a text of 100,000 characters, an unknown class name, opening and closing times
swapped, a ``--set`` override of the same kinds, a file cut short; and, to exercise the model,
a number doubled or halved. Each mutation is labelled
*must fail* (nonsense whatever the field: validation has to refuse it) or *may pass* (deleting
an optional key is fine). Every case is loaded in-process like ``queuesim validate``; a case
that loads is simulated for one replication like ``queuesim run``, under a time limit. A case
fails the test when

* loading raises anything but a ScenarioError, or a problem line is not one line naming the file;
* a *must fail* case loads;
* the replication raises (a warning counts: pytest turns warnings into errors) or overruns.

The default size, :data:`DEFAULT_CASES`, runs in well under a minute on one core. For a longer
nightly run set the environment variable ``QUEUESIM_FUZZ_CASES``, e.g.
``QUEUESIM_FUZZ_CASES=20000 python -m pytest tests/test_fuzz.py``; ``QUEUESIM_FUZZ_SEED`` picks
another seed. A failure lists the cases by label, so a case can be rebuilt with :func:`cases`.
A few cases also go through the real command line (``validate`` and ``run``): exit code 2 and
one line on stderr, before anything is written.
"""

from __future__ import annotations

import copy
import os
import re
import signal
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from queuesim import ScenarioError, load_scenario
from queuesim.cli import app
from queuesim.runner import simulate_one

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = 400
CASES = int(os.environ.get("QUEUESIM_FUZZ_CASES", DEFAULT_CASES))
SEED = int(os.environ.get("QUEUESIM_FUZZ_SEED", 2026))
CHUNKS = 4
SECONDS = 20  # per case: a hang, not a slow machine
NAMED_KEYS = ("customers", "per_hour", "speed_on", "expected_wait")
"""Mappings whose keys are names or times, not fields: a changed key there may be fine."""
NEGATIVE_ALLOWED = (("priority",), ("lateness", "mean"))
NOT_CLASSES = ("id", "name", "description", "prefix")
"""Texts that may equal a class name without referring to it."""


@dataclass(frozen=True)
class Case:
    label: str
    must_fail: bool
    text: str
    overrides: tuple[str, ...] = ()


def bases() -> list[tuple[str, dict]]:
    """The shipped scenarios as mappings, the steady-state one shortened, and one hall with
    every optional feature."""
    found = []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        if path.name.startswith("shifts_"):
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "horizon" in raw["clock"]:
            raw["clock"].update(horizon=3000, warmup=200)
        found.append((path.stem, raw))
    return [*found, ("every_feature", every_feature(dict(found)["nanhu_branch"]))]


def every_feature(nanhu: dict) -> dict:
    """Nanhu's branch with every optional part of a scenario, so that the mutations reach all
    of them: other distributions, bursts, demand moved, announcements, shift templates…"""
    raw = copy.deepcopy(nanhu)
    raw["customers"]["business"]["service_time"] = {
        "dist": "truncated", "of": {"dist": "normal", "mean": 12, "sd": 6}, "low": 1, "high": 40}
    raw["customers"]["business"]["patience"] = {"dist": "triangular", "low": 5, "mode": 20,
                                                "high": 60}
    raw["customers"]["vip"] |= {"patience": {"dist": "empirical", "values": [10, 20, 35]},
                                "balking": {"max_waiting": 5}}
    raw["customers"]["booked"] = {"share": 0, "priority": 2, "service_time": {
        "dist": "erlang", "k": 3, "mean": 8}}
    raw["counters"][0] |= {"serves": ["personal", "business", "booked"],
                           "speed_on": {"business": 0.8}}
    raw["arrivals"] |= {
        "shifts": [{"from": "11:30-13:30", "to": "14:00-16:00", "fraction": 0.2}],
        "published_peaks": {"window": "11:30-13:30", "share": 0.2, "spread": 45, "earlier": 0.4},
        "bursts": [{"at": "12:10", "size": 15, "spread": 4, "class": "personal"}]}
    raw["appointments"] = [{"class": "booked", "every": 20, "from": "09:30", "to": "16:00",
                            "per_slot": 2, "no_show": 0.1, "lateness": {"mean": -2, "sd": 5}}]
    raw["queue"]["ticket"] = {"absent_probability": 0.05, "call_time": 0.5, "recall_after": 3,
                              "max_recalls": 1}
    raw["targets"]["max_abandon"] = 0.1
    raw["announcement"] = {"predictor": "queue_length", "balk_above": 40}
    raw["service_while_waiting"] = {"after": 5, "saving": 0.2, "classes": ["personal"]}
    raw["experience"] = {"standing": 1.3, "expected_wait": {"vip": 5}, "tolerance": 0.1}
    raw["staffing"] = {"max_counters": 8, "shifts": [{
        "name": "full_time", "start": "09:00-09:30", "length": 480, "cost_per_hour": 60,
        "break": {"window": "11:00-14:30", "length": [30, 60]}, "min_count": 1,
        "max_count": 8}]}
    return raw


def leaves(value, path=()) -> list[tuple[tuple, object]]:
    """Every (path, value) in a mapping, containers included, the root excluded."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else []
    for key, item in items:
        found.append(((*path, key), item))
        found += leaves(item, (*path, key))
    return found


def put(raw: dict, path: tuple, value) -> None:
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value


def dump(raw: dict) -> str:
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=10_000)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def pick(rng: np.random.Generator, items: list):
    return items[int(rng.integers(len(items)))] if items else None


# Mutations: each takes (rng, stem, raw) and returns a Case or None (does not fit this hall). ----


def _value_mutation(kind: str, test: Callable, new: Callable, must_fail: Callable):
    def mutate(rng, stem, raw):
        chosen = pick(rng, [(p, v) for p, v in leaves(raw) if test(v)])
        if chosen is None:
            return None
        path, value = chosen
        replacement = new(rng, value)
        changed = copy.deepcopy(raw)
        put(changed, path, replacement)
        return Case(f"{stem}: {kind} at {path}: {replacement!r:.40}", must_fail(path),
                    dump(changed))
    return mutate


def _negative_allowed(path) -> bool:
    names = [step for step in path if isinstance(step, str)]
    return any(tuple(names[-len(allowed):]) == allowed for allowed in NEGATIVE_ALLOWED)


def _field_key(path) -> bool:
    return isinstance(path[-1], str) and (len(path) < 2 or path[-2] not in NAMED_KEYS)


def _rename(rng, stem, raw):
    chosen = pick(rng, [p for p, _ in leaves(raw) if isinstance(p[-1], str)])
    if chosen is None:
        return None
    key = chosen[-1]
    at = int(rng.integers(len(key) + 1))
    typo = key[:at] + "q" + key[at:]
    changed = copy.deepcopy(raw)
    parent = changed
    for step in chosen[:-1]:
        parent = parent[step]
    parent[typo] = parent.pop(key)
    return Case(f"{stem}: key {chosen} renamed {typo!r}", _field_key(chosen), dump(changed))


def _delete(rng, stem, raw):
    chosen = pick(rng, [p for p, _ in leaves(raw)])
    changed = copy.deepcopy(raw)
    parent = changed
    for step in chosen[:-1]:
        parent = parent[step]
    del parent[chosen[-1]]
    return Case(f"{stem}: {chosen} deleted", False, dump(changed))


def _duplicate_key(rng, stem, raw):
    lines = dump(raw).splitlines()
    keyed = [i for i, line in enumerate(lines) if re.match(r"^ *[A-Za-z_]\w*:", line)]
    i = pick(rng, keyed)
    lines.insert(i + 1, lines[i].split(":")[0] + ": 1")
    return Case(f"{stem}: line {i + 1} key given twice", True, "\n".join(lines) + "\n")


def _deep(rng, stem, raw):
    depth = int(pick(rng, [60, 5000]))
    chosen = pick(rng, [p for p, _ in leaves(raw)])
    changed = copy.deepcopy(raw)
    put(changed, chosen, "DEEP_PLACEHOLDER")
    text = dump(changed).replace("DEEP_PLACEHOLDER", "[" * depth + "]" * depth)
    return Case(f"{stem}: {depth} brackets at {chosen}", True, text)


def _unknown_class(rng, stem, raw):
    names = set(raw["customers"])
    chosen = pick(rng, [p for p, v in leaves(raw) if isinstance(v, str) and v in names
                        and p[0] != "customers" and p[-1] not in NOT_CLASSES])
    if chosen is None:
        return None
    changed = copy.deepcopy(raw)
    put(changed, chosen, "no_such_class")
    return Case(f"{stem}: unknown class at {chosen}", True, dump(changed))


def _swap_hours(rng, stem, raw):
    clock = raw["clock"]
    hours = [p for p, v in leaves(raw) if isinstance(v, str) and re.fullmatch(
        r"\d\d:\d\d-\d\d:\d\d", v)]
    changed = copy.deepcopy(raw)
    if "open" in clock and (not hours or rng.random() < 0.5):
        changed["clock"].update(open=clock["close"], close=clock["open"])
        return Case(f"{stem}: open and close swapped", True, dump(changed))
    chosen = pick(rng, hours)
    if chosen is None:
        return None
    start, end = dict(leaves(raw))[chosen].split("-")
    if start == end:
        return None
    put(changed, chosen, f"{end}-{start}")
    return Case(f"{stem}: hours swapped at {chosen}", True, dump(changed))


def _override(rng, stem, raw):
    chosen = pick(rng, [p for p, v in leaves(raw) if is_number(v)])
    value = pick(rng, [".inf", ".nan", "-.inf", "1.0e+12", "1.0e+20", "1e9"])
    path = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in chosen).lstrip(".")
    must_fail = chosen[-1] != "seed" or value.startswith(("-", "."))
    return Case(f"{stem}: --set {path}={value}", must_fail, dump(raw), (f"{path}={value}",))


def _cut(rng, stem, raw):
    text = dump(raw)
    at = int(rng.integers(1, len(text)))
    return Case(f"{stem}: file cut at character {at}", False, text[:at])


def _unknown_top_key(rng, stem, raw):
    return Case(f"{stem}: unknown key 'replicatoins'", True,
                dump({**raw, "replicatoins": 3}))


MUTATIONS = [
    _rename, _delete, _duplicate_key, _deep, _unknown_class, _swap_hours, _override, _cut,
    _unknown_top_key,
    _value_mutation("wrong type", is_number, lambda rng, v: "abc", lambda p: True),
    _value_mutation("wrong type", lambda v: isinstance(v, str), lambda rng, v: [1, 2],
                    lambda p: True),
    _value_mutation("wrong type", lambda v: isinstance(v, list), lambda rng, v: "abc",
                    lambda p: True),
    _value_mutation("wrong type", lambda v: isinstance(v, dict), lambda rng, v: 7,
                    lambda p: False),
    _value_mutation("negative", is_number, lambda rng, v: -abs(v) - 1,
                    lambda p: not _negative_allowed(p)),
    _value_mutation("zero", is_number, lambda rng, v: 0, lambda p: False),
    _value_mutation("doubled", is_number, lambda rng, v: v * 2, lambda p: False),
    _value_mutation("halved", is_number, lambda rng, v: v / 2, lambda p: False),
    _value_mutation("infinite", is_number, lambda rng, v: pick(rng, [np.inf, -np.inf]),
                    lambda p: True),
    _value_mutation("not a number", is_number, lambda rng, v: np.nan, lambda p: True),
    _value_mutation("huge", is_number, lambda rng, v: pick(rng, [1e12, 1e20]),
                    lambda p: p[-1] != "seed"),  # any whole number up to 2**63 is a seed
    _value_mutation("empty", lambda v: isinstance(v, (list, dict)),
                    lambda rng, v: type(v)(), lambda p: False),
    _value_mutation("long text", lambda v: isinstance(v, str), lambda rng, v: "x" * 100_000,
                    lambda p: True),
]


def cases(count: int = CASES, seed: int = SEED) -> list[Case]:
    """``count`` mutated scenarios, the same for the same seed."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    halls, found = bases(), []
    while len(found) < count:
        stem, raw = pick(rng, halls)
        case = pick(rng, MUTATIONS)(rng, stem, raw)
        if case is not None:
            found.append(case)
    return found


# The test. --------------------------------------------------------------------------------------


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError when the block runs longer than ``seconds`` (a hang)."""
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def problem(case: Case, path: Path) -> str | None:
    """What is wrong with how ``case`` is handled, or None when it is handled well."""
    path.write_text(case.text, encoding="utf-8")
    try:
        with time_limit(SECONDS):
            scenario = load_scenario(path, case.overrides)
    except ScenarioError as error:
        lines = str(error).splitlines()
        if not all(line.startswith(f"{path}: ") for line in lines) or len(lines) != len(
                error.problems):
            return f"error lines do not each name the file: {str(error)[:200]!r}"
        return None
    except Exception as error:  # a traceback for the user
        return f"validate raised {type(error).__name__}: {str(error)[:200]}"
    if case.must_fail:
        return "accepted, though nonsense by construction"
    try:
        with time_limit(SECONDS):
            simulate_one(scenario, scenario.seed, 0)
    except Exception as error:
        return f"run raised {type(error).__name__}: {str(error)[:200]}"
    return None


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_no_mutated_scenario_ends_in_a_traceback_a_hang_or_a_nonsense_run(chunk, tmp_path):
    found = cases()[chunk::CHUNKS]
    failures = [f"{case.label}: {trouble}" for case in found
                if (trouble := problem(case, tmp_path / "mutated.yaml"))]
    assert not failures, f"{len(failures)} of {len(found)} cases:\n" + "\n".join(failures[:30])


def test_generator_is_seeded_and_labels_both_kinds():
    load_scenario(every_feature(dict(bases())["nanhu_branch"]))  # valid before mutation
    first, again = cases(60, seed=5), cases(60, seed=5)
    assert first == again
    assert {case.must_fail for case in first} == {True, False}
    assert cases(60, seed=6) != first


CLI_CASES = {  # name: (text appended to nanhu_branch.yaml, options, start of the one line)
    "infinite scale": ("", ["--set", "arrivals.scale=.inf"], "arrivals.scale: input should be "
                       "a finite number"),
    "endless run": ("", ["--set", "clock.horizon=1e9"], "clock.horizon: input should be less"),
    "key twice": ("name: twice\n", [], "line {last}, column 1: unreadable YAML: key 'name' is "
                  "given twice (lines {name} and {last})"),
    "deep brackets": ("deep: " + "[" * 5000 + "]" * 5000 + "\n", [],
                      "line {last}, column 56: unreadable YAML: nested deeper than 50 levels"),
    "serves nobody": ("", ["--set", "counters[0].serves=[]"], "counters[0].serves: expected at "
                      "least 1 entry"),
}


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("name", CLI_CASES)
def test_command_line_gives_exit_code_2_and_one_line(name, command, tmp_path, monkeypatch):
    suffix, options, expected = CLI_CASES[name]
    text = (ROOT / "scenarios" / "nanhu_branch.yaml").read_text(encoding="utf-8") + suffix
    lines = text.splitlines()
    expected = expected.format(last=len(lines), name=1 + next(
        i for i, line in enumerate(lines) if line.startswith("name:")))
    path = tmp_path / "hall.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    arguments = [command, str(path), *options] + (["-n", "1", "--workers", "1"]
                                                  if command == "run" else [])
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [result.output.strip()]
    assert result.output.startswith(f"{path}: {expected}"), result.output
    assert not (tmp_path / "results").exists()
