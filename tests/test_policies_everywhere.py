"""Every measure of ``queuesim advise`` on every hall: each one either gives a hall that
validates and simulates, or says why it does not apply; never anything else.

Checked on every shipped scenario (with the reasons each skip must give) and on random halls
(hypothesis): day and steady-state clocks, one to four classes whose names invite collisions
with the names the measures add, listed counters with hours and machines or the ``{count: N}``
shorthand, appointments, every queue structure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from queuesim import ScenarioError, load_scenario, simulate
from queuesim.advise import options
from queuesim.cli import app
from queuesim.policies import POLICIES, NotApplicable, apply, fresh_names
from queuesim.store import scenario_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [p for p in sorted((ROOT / "scenarios").glob("*.yaml"))
           if not p.name.startswith("shifts_")]
SHORTER = {"mmc_steady": ["clock.horizon=600", "clock.warmup=60"]}
ALREADY = "the hall already uses"
SKIPS = {  # (scenario, measure): the start of the reason it must give
    ("branch_by_class", "single_line"): ALREADY,
    ("branch_by_class", "cross_training"): "every counter already serves every class",
    ("canteen_lunch", "demand_shift"): "the day has no 120-minute period",
    ("hospital_registration", "ticket"): ALREADY,
    ("hotline", "single_line"): ALREADY,
    ("hotline", "cross_training"): "every counter already serves every class",
    ("mmc_steady", "single_line"): ALREADY,
    ("mmc_steady", "cross_training"): "every counter already serves every class",
    **{("mmc_steady", name): "a steady-state run has no day" for name in
       ("appointments", "demand_shift", "published_peaks", "part_time_peak", "extend_hours")},
    ("nanhu_rectified", "single_line"): ALREADY,
    ("nanhu_single_line", "single_line"): ALREADY,
    ("nanhu_ticket", "ticket"): ALREADY,
    ("telecom_hall", "ticket"): ALREADY,
}


def conserved(results) -> bool:
    """Every arrival ends exactly once, in every replication."""
    overall = results.kpis["overall"]
    ends = overall[["served", "balked", "reneged", "no_show", "unserved"]].sum(axis=1)
    return bool((ends == overall["arrivals"]).all())


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_measure_on_every_shipped_hall(path):
    hall = load_scenario(path, SHORTER.get(path.stem, []))
    for name, policy in POLICIES.items():
        expected_skip = SKIPS.get((path.stem, name))
        try:
            changed = apply(hall, policy)
        except NotApplicable as reason:
            assert expected_skip and str(reason).startswith(expected_skip), (name, str(reason))
            continue
        assert expected_skip is None, f"{name} applied; expected: {expected_skip}"
        assert changed.name.endswith(name)
        saved = yaml.safe_load(scenario_text(changed))  # what a result folder keeps
        assert load_scenario(saved).model_dump() == changed.model_dump(), name
        assert conserved(simulate(changed, replications=1, workers=1)), name


def test_added_names_never_collide():
    assert fresh_names(["M1", "M2", "M5"], "M", count=3, numbered=True) == ["M3", "M4", "M6"]
    assert fresh_names(["a_self"], "a", "_self") == ["a_self2"]
    assert fresh_names(["PT"], "PT") == ["PT2"]
    assert fresh_names([], "x" * 100, "_self") == ["x" * 95 + "_self"]
    assert fresh_names(["x" * 95 + "_self"], "x" * 100, "_self") == ["x" * 94 + "_self2"]


@pytest.mark.parametrize("policy, parameters, expected", [
    ("appointments", {"share": "a lot"}, "policies.appointments.share: expected a number"),
    ("demand_shift", {"fraction": float("nan")}, "policies.demand_shift.fraction: expected a "
                                                 "number, found nan"),
    ("self_service", {"machines": 0}, "policies.self_service.machines: expected a whole number "
                                      "from 1 to 1,000, found 0"),
    ("self_service", {"machines": 1e9}, "policies.self_service.machines: expected a whole"),
    ("express_counter", {"class": "vipp"}, "policies: class: unknown class 'vipp' (did you "
                                           "mean 'vip'?)"),
    ("self_service", {"class": ["vip"]}, "policies: class: unknown class '['vip']'"),
])
def test_bad_measure_parameters_are_one_line(policy, parameters, expected):
    hall = load_scenario(ROOT / "scenarios" / "nanhu_branch.yaml")
    with pytest.raises(ScenarioError) as caught:
        apply(hall, POLICIES[policy], parameters)
    assert str(caught.value).startswith(expected)


def test_parameters_beyond_the_hall_make_the_measure_not_apply():
    hall = load_scenario(ROOT / "scenarios" / "nanhu_branch.yaml")
    with pytest.raises(NotApplicable, match="the changed hall is not valid: appointments"):
        apply(hall, POLICIES["appointments"], {"no_show": 2})


def test_self_service_beside_agents_named_like_machines():
    hall = load_scenario(ROOT / "scenarios" / "hotline.yaml")
    ids = [c.id for c in apply(hall, POLICIES["self_service"]).counters]
    assert len(ids) == len(set(ids)) == len(hall.counters) + 2


# Random halls. ----------------------------------------------------------------------------------

CLASS_NAMES = ["a", "a_self", "a_booked", "a_short", "b", "vip" * 33]
SERVICE = st.sampled_from([{"dist": "exponential", "mean": 4}, {"dist": "deterministic",
                                                                  "mean": 2},
                           {"dist": "lognormal", "mean": 6, "cv": 0.8},
                           {"dist": "uniform", "low": 3, "high": 9}])


@st.composite
def counters(draw, names: list[str], day: bool):
    """A list of counters (ids that invite collisions, hours, a machine) or the shorthand."""
    if draw(st.booleans()):
        return {"count": draw(st.integers(1, 3))}
    hours = [None, ["09:00-10:00"], ["10:00-11:00"], ["09:00-09:30", "10:30-11:00"]] if day \
        else [None]
    listed = []
    for i in range(draw(st.integers(1, 4))):
        serves = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        listed.append({"id": draw(st.sampled_from(["M", "PT", "T"])) + str(i + 1),
                       "serves": serves if draw(st.booleans()) else None,
                       "hours": draw(st.sampled_from(hours)), "machine": draw(st.booleans())})
    listed[0].update(serves=None, hours=None)  # every class served
    return listed


@st.composite
def halls(draw):
    names = draw(st.lists(st.sampled_from(CLASS_NAMES), min_size=1, max_size=4, unique=True))
    weights = [draw(st.integers(0 if i else 1, 3)) for i in range(len(names))]
    customers = {name: {"share": weight / sum(weights), "service_time": draw(SERVICE),
                        "priority": draw(st.integers(0, 1))}
                 for name, weight in zip(names, weights, strict=True)}
    day = draw(st.booleans())
    close = draw(st.sampled_from(["11:00", "12:30", "23:30"]))
    clock = {"open": "09:00", "close": close} if day else {"horizon": 240, "warmup": 30}
    rate = {"09:00": draw(st.integers(5, 40)), "10:00": draw(st.integers(0, 40))} if day \
        else draw(st.integers(5, 40))
    booked = [{"class": names[-1], "every": 20, "from": "09:00", "to": "10:00"}] \
        if day and draw(st.booleans()) else []
    return {"name": "random hall", "clock": clock, "customers": customers,
            "arrivals": {"per_hour": rate}, "counters": draw(counters(names, day)),
            "queue": {"structure": draw(st.sampled_from(["single_line", "multi_line",
                                                         "ticket"]))},
            "appointments": booked, "targets": {"wait_minutes": draw(st.sampled_from([5, 900]))},
            "replications": 1}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(halls())
def test_every_measure_applies_or_says_why_on_random_halls(raw):
    hall = load_scenario(raw)
    found, skipped = options(hall)
    assert len(found) - 1 + len(skipped) == len(POLICIES)
    assert all(reason and "\n" not in reason for reason in skipped.values())
    assert not any(reason.startswith("the changed hall is not valid")
                   for reason in skipped.values()), skipped
    for option in found[1:]:
        shorter = option.scenario.model_copy(update={"replications": 1})
        assert conserved(simulate(shorter, replications=1, seed=1, workers=1)), option.name


@pytest.mark.parametrize("stem", ["hotline", "canteen_lunch"])
def test_advise_command_tries_every_measure_on_the_halls_that_crashed(stem, tmp_path):
    result = CliRunner().invoke(app, ["advise", str(ROOT / "scenarios" / f"{stem}.yaml"), "-n",
                                      "1", "--workers", "1", "--out", str(tmp_path / stem),
                                      "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    tried = {row["policy"] for row in document["ranking"]}
    assert tried | set(document["skipped"]) == set(POLICIES)
