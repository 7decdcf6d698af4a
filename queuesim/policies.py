"""The measures of the queue-management material, each as a change to a scenario.

The chapter (第四章 任务一 如何管理排队) lists what a hall can do about its lines, in two
families. Operations: reservations (预订), price levers and published peak times to move demand
(价格杠杆, 公布高峰时间), treating customers differently (区分不同的等待顾客), longer hours
(延长服务时间), more or part-time staff (增加人手或雇佣兼职员工), more equipment (增加服务设备),
cross-training (交叉培训). Psychology: tell people how long they will wait, keep them occupied,
serve them while they wait, keep waits fair. Each :class:`Policy` here rewrites the raw scenario
mapping with documented default parameters (overridable), so that ``queuesim advise`` can run
the baseline and every applicable measure on the same simulated days. A measure that cannot be
applied to a hall (no quiet period to move demand to, no time after closing to open longer…)
raises :class:`NotApplicable` with the reason, never anything else; the names and ids it adds
never collide with the hall's own. Times in minutes.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from pydantic import ValidationError

from .arrivals import integral
from .clock import format_time, parse_interval, parse_time
from .errors import ScenarioError, did_you_mean
from .limits import MAX_COUNTERS, MAX_MINUTES, MAX_NAME
from .scenario import Scenario


class NotApplicable(Exception):
    """The measure cannot be applied to this hall; the message says why."""


@dataclass(frozen=True)
class Policy:
    """One measure: what it changes, from which part of the material, with which defaults."""

    name: str
    title: str
    family: str
    source: str
    change: Callable[[Scenario, dict, dict], None]
    """Rewrites the raw mapping (second argument) in place, with the parameters (third)."""
    defaults: dict = field(default_factory=dict)
    applies: Callable[[Scenario], str | None] = lambda scenario: None
    """None when the measure applies to the scenario, else why not."""


def apply(scenario: Scenario, policy: Policy, parameters: dict | None = None) -> Scenario:
    """``scenario`` with ``policy`` applied (its defaults updated by ``parameters``)."""
    unknown = set(parameters or {}) - set(policy.defaults)
    if unknown:
        name = sorted(unknown)[0]
        raise ScenarioError(f"policies.{policy.name}.{name}: unknown parameter"
                            f"{did_you_mean(name, policy.defaults)}")
    for name, value in (parameters or {}).items():
        _check_parameter(policy, name, value)
    reason = policy.applies(scenario)
    if reason:
        raise NotApplicable(reason)
    raw = copy.deepcopy(scenario.model_dump(mode="json", by_alias=True, exclude_none=True))
    policy.change(scenario, raw, {**policy.defaults, **(parameters or {})})
    raw["name"] = f"{scenario.name} + {policy.name}"
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        from .loader import explain

        raise NotApplicable(f"the changed hall is not valid: {explain(error)[0]}") from None


def _check_parameter(policy: Policy, name: str, value) -> None:
    """A parameter whose default is a number must be a finite number (its range is checked
    where it is used, or by the validation of the changed hall)."""
    default = policy.defaults[name]
    if isinstance(default, (int, float)) and not (
            isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value)):
        raise ScenarioError(f"policies.{policy.name}.{name}: expected a number, found {value!r}")


def counter_hours(scenario: Scenario) -> float:
    """Staffed counter hours in the day (machines and overtime not counted)."""
    day = scenario.clock.end
    return sum(min(b, day) - a for c in scenario.counters if not c.machine
               for a, b in scenario.counter_hours(c)) / 60


# Helpers on the scenario. --------------------------------------------------------------------


def fresh_names(taken: Iterable[str], stem: str, suffix: str = "", count: int = 1,
                numbered: bool = False) -> list[str]:
    """``count`` names that are not in ``taken``: ``stem + suffix`` (unless ``numbered``),
    then the same followed by 2, 3… (1, 2… when ``numbered``); the stem is cut so that each
    fits the longest name a scenario allows."""
    taken, found = set(taken), []
    if count < 1:
        return found
    for number in itertools.count(1):
        tail = suffix + (str(number) if numbered or number > 1 else "")
        name = stem[:MAX_NAME - len(tail)] + tail
        if name not in taken:
            found.append(name)
            taken.add(name)
        if len(found) == count:
            return found
    raise AssertionError("unreachable")  # pragma: no cover


def _largest_class(scenario: Scenario) -> str:
    return max(scenario.customers, key=lambda name: scenario.class_shares[name])


def _peak_window(scenario: Scenario, length: float) -> tuple[float, float]:
    """The ``length``-minute window (on a 30-minute grid) with most expected arrivals."""
    starts, rates = scenario.rate_steps()
    end = scenario.clock.end
    grid = np.arange(0, max(end - length, 0) + 1e-9, 30.0)
    mass = [integral(starts, rates, end, t, t + length) for t in grid]
    first = float(grid[int(np.argmax(mass))])
    return first, min(first + length, end)


def _quiet_window(scenario: Scenario, length: float, avoid: tuple[float, float]):
    starts, rates = scenario.rate_steps()
    end = scenario.clock.end
    grid = [t for t in np.arange(0, max(end - length, 0) + 1e-9, 30.0)
            if t + length <= avoid[0] or t >= avoid[1]]
    if not grid:
        raise NotApplicable(f"the day has no {length:g}-minute period apart from the busiest "
                            "one to move demand to")
    mass = [integral(starts, rates, end, t, t + length) for t in grid]
    first = float(grid[int(np.argmin(mass))])
    return first, first + length


def _clock(scenario: Scenario, window: tuple[float, float]) -> str:
    start = scenario.clock.start
    return f"{format_time(start + window[0])}-{format_time(start + window[1])}"


def _class(scenario: Scenario, parameters: dict) -> str:
    """The class a measure works on: the ``class`` parameter, else the largest class."""
    name = parameters["class"] or _largest_class(scenario)
    if not isinstance(name, str) or name not in scenario.customers:
        raise ScenarioError(f"policies: class: unknown class '{name}'"
                            f"{did_you_mean(name, scenario.customers)}")
    return name


def _needs_day(scenario: Scenario) -> str | None:
    return "a steady-state run has no day to change" if scenario.clock.steady else None


def _serving(raw: dict, name: str) -> list[dict]:
    names = list(raw["customers"])
    return [c for c in raw["counters"]
            if c.get("serves") is None or name in _flat(c["serves"]) or not names]


def _flat(serves) -> list[str]:
    return [n for item in serves for n in ([item] if isinstance(item, str) else item)]


def _split_class(raw: dict, name: str, new: str, fraction: float) -> None:
    """Give ``fraction`` of class ``name``'s share (or rates) to a copy called ``new``."""
    original = raw["customers"][name]
    if not 0 < fraction < 1:
        raise NotApplicable(f"it would move {fraction:.0%} of class '{name}'; nothing to split")
    raw["customers"][new] = copy.deepcopy(original)
    per_class = raw["arrivals"].get("per_class")
    if per_class is not None:
        per_class[new] = _times(per_class[name], fraction)
        per_class[name] = _times(per_class[name], 1 - fraction)
        return
    raw["customers"][new]["share"] = original["share"] * fraction
    original["share"] *= 1 - fraction


def _times(rates: float | dict[str, float], factor: float) -> float | dict[str, float]:
    """A rate step function (a number or {"HH:MM": rate}) multiplied by ``factor``."""
    if isinstance(rates, dict):
        return {time: rate * factor for time, rate in rates.items()}
    return rates * factor


# The measures. -------------------------------------------------------------------------------


def _single_line(scenario, raw, p):
    raw["queue"]["structure"] = "single_line"


def _ticket(scenario, raw, p):
    raw["queue"]["structure"] = "ticket"
    raw["queue"]["ticket"] = {**raw["queue"].get("ticket", {}),
                              "absent_probability": p["absent_probability"]}


def _appointments(scenario, raw, p):
    """Book ``share`` of the largest class: they come by appointment (class ``<name>_booked``,
    one priority higher), and as many walk-ins of that class stay away."""
    name = _class(scenario, p)
    booked = fresh_names(raw["customers"], name, "_booked")[0]
    starts, rates = scenario.rate_steps()
    expected = integral(starts, rates, scenario.clock.end, 0, scenario.clock.end)
    per_day = p["share"] * scenario.class_shares[name] * expected
    last = scenario.clock.end - p["last_slot_before_close"]
    if last < 1:
        raise NotApplicable(f"the day is not longer than last_slot_before_close "
                            f"({p['last_slot_before_close']:g} minutes): no time for slots")
    raw["customers"][booked] = copy.deepcopy(raw["customers"][name]) | {
        "priority": raw["customers"][name].get("priority", 0) + 1}
    _stay_away(raw, name, booked, p["share"])
    every = min(max(last / max(per_day, 1), 1.0), MAX_MINUTES)
    raw.setdefault("appointments", []).append({
        "class": booked, "every": every, "from": _clock(scenario, (0, 0))[:5],
        "to": _clock(scenario, (0, last))[6:],
        "no_show": p["no_show"], "lateness": {"mean": p["lateness_mean"],
                                              "sd": p["lateness_sd"]}})
    for counter in _serving(raw, name):
        if counter.get("serves") is not None:
            counter["serves"] = [*counter["serves"], booked]


def _stay_away(raw: dict, name: str, booked: str, fraction: float) -> None:
    """``fraction`` of class ``name``'s walk-ins stay away (they book instead); the other
    classes keep their rates and ``booked`` has no walk-ins."""
    per_class = raw["arrivals"].get("per_class")
    if per_class is not None:
        per_class[name], per_class[booked] = _times(per_class[name], 1 - fraction), 0.0
        return
    raw["customers"][booked]["share"] = 0.0
    moved = raw["customers"][name]["share"] * fraction
    raw["customers"][name]["share"] -= moved
    for other in raw["customers"].values():
        other["share"] /= 1 - moved
    raw["arrivals"]["scale"] = raw["arrivals"].get("scale", 1.0) * (1 - moved)


def _demand_shift(scenario, raw, p):
    peak = _peak_window(scenario, p["window"])
    quiet = _quiet_window(scenario, p["window"], peak)
    raw["arrivals"].setdefault("shifts", []).append(
        {"from": _clock(scenario, peak), "to": _clock(scenario, quiet), "fraction": p["fraction"]})


def _published_peaks(scenario, raw, p):
    window = _peak_window(scenario, p["window"])
    if window[0] <= 0 and window[1] >= scenario.clock.end:
        raise NotApplicable(f"the busiest {p['window']:g} minutes are the whole day: there is "
                            "no time before or after them to come instead")
    raw["arrivals"]["published_peaks"] = {
        "window": _clock(scenario, window), "share": p["share"], "spread": p["spread"]}


def _extend_hours(scenario, raw, p):
    """Open ``minutes`` longer with the same day's demand spread over the longer day."""
    day, closing = scenario.clock.end, parse_time(scenario.clock.close)
    if closing + p["minutes"] > 24 * 60:
        raise NotApplicable(f"the hall closes at {scenario.clock.close}: it cannot stay open "
                            f"{p['minutes']:g} minutes longer within the day")
    close = format_time(closing + p["minutes"])
    raw["clock"]["close"] = close
    raw["arrivals"]["scale"] = raw["arrivals"].get("scale", 1.0) * day / (day + p["minutes"])
    for counter in raw["counters"]:
        counter["hours"] = [f"{text.split('-')[0]}-{close}"
                            if parse_interval(text)[1] == closing else text
                            for text in counter.get("hours") or []] or None
        if counter["hours"] is None:
            del counter["hours"]


def _part_time_peak(scenario, raw, p):
    window = _peak_window(scenario, p["hours"] * 60)
    ids = fresh_names((c["id"] for c in raw["counters"]), "PT")
    raw["counters"].append({"id": ids[0], "hours": [_clock(scenario, window)]})


def _self_service(scenario, raw, p):
    name = _class(scenario, p)
    kiosk = fresh_names(raw["customers"], name, "_self")[0]
    _split_class(raw, name, kiosk, p["share"])
    mean = scenario.customers[name].service_time.mean * p["time_ratio"]
    raw["customers"][kiosk]["service_time"] = {"dist": "lognormal", "mean": mean, "cv": 0.6}
    raw["customers"][kiosk].pop("priority", None)
    if not (float(p["machines"]).is_integer() and 1 <= p["machines"] <= MAX_COUNTERS):
        raise ScenarioError(f"policies.self_service.machines: expected a whole number from 1 "
                            f"to {MAX_COUNTERS:,}, found {p['machines']!r}")
    ids = fresh_names((c["id"] for c in raw["counters"]), "M", count=int(p["machines"]),
                      numbered=True)
    raw["counters"].extend({"id": i, "serves": [kiosk], "machine": True} for i in ids)


def _cross_training(scenario, raw, p):
    names = list(raw["customers"])
    if all(set(counter.preference(names)) == set(names) for counter in scenario.counters):
        raise NotApplicable("every counter already serves every class")
    for counter in raw["counters"]:
        if counter.get("serves") is None:
            continue
        own = _flat(counter["serves"])
        new = [n for n in names if n not in own]
        counter["serves"] = [*counter["serves"], *new]
        counter["speed_on"] = {**counter.get("speed_on", {}), **dict.fromkeys(new, p["speed"])}


def _express_counter(scenario, raw, p):
    """Customers of the largest class with a transaction under ``threshold`` minutes become
    class ``<name>_short``; one counter serving the class takes only them."""
    name = _class(scenario, p)
    short = fresh_names(raw["customers"], name, "_short")[0]
    dist = raw["customers"][name]["service_time"]
    fraction = float(scenario.customers[name].service_time.cdf(np.array([p["threshold"]]))[0])
    if not 0 < fraction < 1:
        raise NotApplicable(f"{'all' if fraction >= 1 else 'none'} of class '{name}' take less "
                            f"than {p['threshold']:g} minutes: nothing to split off")
    _split_class(raw, name, short, fraction)
    raw["customers"][short]["service_time"] = {"dist": "truncated", "of": dist,
                                               "high": p["threshold"]}
    raw["customers"][name]["service_time"] = {"dist": "truncated", "of": dist,
                                              "low": p["threshold"]}
    serving = _serving(raw, name)
    for counter in serving:
        if counter.get("serves") is not None:  # same place in the preference order
            counter["serves"] = [[item, short] if item == name else
                                 [*item, short] if not isinstance(item, str) and name in item
                                 else item for item in counter["serves"]]
    _express(scenario, raw, serving)["serves"] = [short]


def _express(scenario: Scenario, raw: dict, serving: list[dict]) -> dict:
    """The counter to turn into the express counter: the one open longest (the last of those)
    whose other classes are all served elsewhere too (never the only window of a class)."""
    everyone = list(raw["customers"])
    hours = {c.id: sum(b - a for a, b in scenario.counter_hours(c)) for c in scenario.counters}
    valid = []
    for candidate in serving:
        others = [c for c in raw["counters"] if c is not candidate]
        served = {n for c in others for n in (_flat(c["serves"]) if c.get("serves") else everyone)}
        if set(everyone) <= served:
            valid.append(candidate)
    if valid:
        return max(reversed(valid), key=lambda c: hours.get(c["id"], 0))
    raise NotApplicable("every counter serving the class is the only window of some class; "
                        "add a counter first")


def _pre_processing(scenario, raw, p):
    raw["service_while_waiting"] = {"after": p["after"], "saving": p["saving"]}


def _announce_wait(scenario, raw, p):
    limit = p["balk_above"] or min(3 * scenario.targets.wait_minutes, MAX_MINUTES)
    raw["announcement"] = {"predictor": p["predictor"], "balk_above": limit}


def _occupied_wait(scenario, raw, p):
    raw["experience"] = {**raw.get("experience", {}), "standing": p["standing"],
                         "seated": p["seated"]}


def _not(structure: str):
    def check(scenario: Scenario) -> str | None:
        if scenario.queue.structure == structure:
            return f"the hall already uses {structure}"
        return None
    return check


POLICIES = {policy.name: policy for policy in [
    Policy("single_line", "One serpentine line (单一排队)", "operations",
           "queue structures, 单一排队", _single_line, applies=_not("single_line")),
    Policy("ticket", "Ticket numbers (领号)", "operations", "queue structures, 领号", _ticket,
           {"absent_probability": 0.05}, applies=_not("ticket")),
    Policy("appointments", "Book a share of visits (预订)", "operations",
           "运营管理方法 1(1) 建立预订机制", _appointments,
           {"class": None, "share": 0.2, "no_show": 0.1, "lateness_mean": 0.0,
            "lateness_sd": 5.0, "last_slot_before_close": 60.0}, _needs_day),
    Policy("demand_shift", "Price lever: move demand off the peak (价格杠杆)", "operations",
           "运营管理方法 1(2) 利用价格杠杆", _demand_shift,
           {"window": 120.0, "fraction": 0.15}, _needs_day),
    Policy("published_peaks", "Publish the peak hours (公布高峰时间)", "operations",
           "运营管理方法 1(3) 公布高峰时间", _published_peaks,
           {"window": 120.0, "share": 0.2, "spread": 60.0}, _needs_day),
    Policy("part_time_peak", "A part-time counter at the peak (兼职员工)", "operations",
           "运营管理方法 2(2) 增加人手或雇佣兼职员工", _part_time_peak, {"hours": 3.0},
           _needs_day),
    Policy("extend_hours", "Longer opening hours (延长服务时间)", "operations",
           "运营管理方法 2(1) 延长服务时间", _extend_hours, {"minutes": 60.0}, _needs_day),
    Policy("self_service", "Self-service machines (增加服务设备)", "operations",
           "运营管理方法 2(3) 增加服务设备", _self_service,
           {"class": None, "share": 0.3, "machines": 2, "time_ratio": 0.7}),
    Policy("cross_training", "Cross-trained staff (交叉培训)", "operations",
           "运营管理方法 2(4) 交叉培训员工", _cross_training, {"speed": 0.85}),
    Policy("express_counter", "An express counter for short transactions (区分顾客)",
           "operations", "运营管理方法 1(4) 区分不同的等待顾客", _express_counter,
           {"class": None, "threshold": 3.0}),
    Policy("pre_processing", "Serve customers while they wait (等待时提供服务)", "psychology",
           "心理认知管理 措施(4)", _pre_processing, {"after": 5.0, "saving": 0.2}),
    Policy("announce_wait", "Announce the expected wait (告知等待时间)", "psychology",
           "心理认知管理 措施(2)", _announce_wait,
           {"predictor": "queue_length_abandonment", "balk_above": None}),
    Policy("occupied_wait", "Comfortable, occupied waiting (舒适、有事可做)", "psychology",
           "心理认知管理 措施(3)(5)", _occupied_wait, {"standing": 1.0, "seated": 0.9}),
]}
