"""Shared test helpers: tiny scenarios, hand-made customers, CI-based assertions."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from queuesim import load_scenario
from queuesim.log import RunLog
from queuesim.model import CustomerDraws, run_replication


def scenario(**fields):
    """A valid scenario mapping (one class, one counter, a one-hour day) updated by ``fields``."""
    base = {
        "name": "test hall",
        "clock": {"open": "09:00", "close": "10:00"},
        "customers": {"all": {"share": 1.0, "service_time": {"dist": "deterministic", "mean": 1}}},
        "arrivals": {"per_hour": 30},
        "counters": {"count": 1},
        "replications": 1,
    }
    base.update(fields)
    return load_scenario(base)


def customers(arrival, work, klass=None, patience=None, absence=None, choice=None, calls=2):
    """Hand-made customers: arrival times and work in minutes, optional class indexes, patience,
    absence uniforms (rows per customer, one per call) and choice uniforms."""
    n = len(arrival)
    return CustomerDraws(
        arrival=np.asarray(arrival, float),
        klass=np.zeros(n, int) if klass is None else np.asarray(klass, int),
        work=np.asarray(work, float),
        patience=np.full(n, np.inf) if patience is None else np.asarray(patience, float),
        absence=np.ones((n, calls)) if absence is None else np.asarray(absence, float),
        choice=np.zeros(n) if choice is None else np.asarray(choice, float),
    )


def trace(scenario_, draws) -> dict:
    """Run one replication on given customers; return the tables."""
    log: RunLog = run_replication(scenario_, 0, 0, draws)
    window = (0.0, math.inf)
    return log.frames(scenario_.class_names, [c.id for c in scenario_.counters], window)


def assert_close_to_theory(values, expected: float, max_relative_halfwidth: float,
                           level: float = 0.99) -> None:
    """The theory value lies inside the ``level`` confidence interval of the replication means,
    and that interval is narrow enough (relative half-width) for the check to mean something."""
    data = np.asarray(values, float)
    n = len(data)
    half = stats.t.ppf(0.5 + level / 2, n - 1) * data.std(ddof=1) / math.sqrt(n)
    mean = data.mean()
    assert half <= max_relative_halfwidth * abs(expected), (
        f"interval too wide to test: ±{half:.4g} around {mean:.4g}")
    assert abs(mean - expected) <= half, (
        f"theory {expected:.5g} outside {level:.1%} CI {mean:.5g} ± {half:.4g}")


def with_day_features(draw, raw: dict) -> None:
    """Turn a random 09:00-11:00 hall (a hypothesis ``draw`` and its mapping, changed in place)
    from per_hour and shares into rates per class, with a day-to-day level and, for some
    classes, service factors by time of day."""
    from hypothesis import strategies as st

    arrivals = raw["arrivals"]
    arrivals["per_class"] = {name: {"09:00": draw(st.integers(0, 80)),
                                    draw(st.sampled_from(["09:30", "10:00", "10:45"])):
                                    draw(st.integers(0, 80))} for name in raw["customers"]}
    arrivals["per_class"][next(iter(raw["customers"]))]["09:00"] = draw(st.integers(5, 80))
    arrivals["day_to_day_cv"] = draw(st.sampled_from([0.0, 0.2, 0.5]))
    del arrivals["per_hour"]
    for customer_class in raw["customers"].values():
        del customer_class["share"]
        if draw(st.booleans()):
            customer_class["service_factor"] = {"09:00": draw(st.floats(0.3, 2.0)),
                                                "10:00": draw(st.floats(0.3, 2.0))}
