"""Analytic staffing demand: periods, arrival rates, SIPP and modified offered loads, counters."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate

from queuesim import load_scenario, theory
from queuesim.staffing.demand import (
    analytic_requirement,
    arrival_rate,
    modified_offered_load,
    offered_load_sipp,
    period_starts,
    service_mix,
)

NANHU = Path(__file__).resolve().parents[1] / "scenarios" / "nanhu_branch.yaml"
EXPONENTIAL_3 = {"dist": "exponential", "mean": 3.0}


def _hall(per_hour, service, open_="09:00", close="17:00", patience=None, targets=None):
    """A one-class day scenario with the given rates (per hour) and service time (minutes)."""
    customer = {"share": 1.0, "service_time": service}
    if patience is not None:
        customer["patience"] = patience
    return load_scenario({
        "name": "analytic hall",
        "clock": {"open": open_, "close": close},
        "customers": {"all": customer},
        "arrivals": {"per_hour": per_hour},
        "counters": {"count": 1},
        "targets": targets or {},
    })


def _first_at_final_level(counters) -> int:
    """Index of the first period whose requirement equals the last period's."""
    counters = np.asarray(counters)
    return int(np.argmax(counters == counters[-1]))


def _ode_period_means(scenario, starts, period, service_mean):
    """Period means of m solving m' = lambda(t) - m / E[S], m(0) = 0, integrated numerically."""
    step_starts, rates = scenario.rate_steps()
    knots = np.union1d(np.append(starts, starts[-1] + period), step_starts)
    state, area = np.zeros(2), {0.0: 0.0}
    for begin, end in pairwise(knots):
        rate = rates[np.searchsorted(step_starts, begin, side="right") - 1]
        solution = integrate.solve_ivp(
            lambda t, y, rate=rate: [rate - y[0] / service_mean, y[0]],
            (begin, end), state, rtol=1e-10, atol=1e-12,
        )
        state = solution.y[:, -1]
        area[float(end)] = state[1]
    return np.array([(area[s + period] - area[s]) / period for s in starts])


def test_period_starts_tile_the_day():
    scenario = _hall(60, EXPONENTIAL_3)
    np.testing.assert_array_equal(period_starts(scenario, 60), 60.0 * np.arange(8))


def test_period_that_does_not_divide_the_day_is_refused():
    with pytest.raises(ValueError, match=r"does not divide the day of 480 min.*15, 20, 30, 60"):
        period_starts(_hall(60, EXPONENTIAL_3), 45)


def test_steady_state_periods_cover_the_horizon():
    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "mmc_steady.yaml")
    np.testing.assert_array_equal(period_starts(scenario, 15000), [0, 15000, 30000, 45000])


def test_arrival_rate_is_the_exact_mean_of_the_steps():
    scenario = load_scenario(NANHU)
    rates = arrival_rate(scenario, np.array([120.0, 150.0, 420.0]), 60.0)
    # 11:00-12:00 is half at 30 and half at 56 an hour; 11:30-12:30 all at 56; 16:00-17:00 at 36
    np.testing.assert_allclose(rates * 60, [43.0, 56.0, 36.0])


def test_service_mix_pools_the_nanhu_classes():
    mix = service_mix(load_scenario(NANHU))
    assert mix.service_mean == pytest.approx(0.75 * 5 + 0.15 * 10 + 0.10 * 8)
    assert mix.patience_mean == pytest.approx(1 / (0.75 / 40 + 0.15 / 50))
    area, _ = integrate.quad(lambda x: float(mix.survival(x)), 0, np.inf, limit=200)
    assert area == pytest.approx(mix.service_mean, rel=1e-6)


def test_no_patience_means_erlang_c():
    assert service_mix(_hall(60, EXPONENTIAL_3)).patience_mean is None


def test_published_erlang_c_example_needs_14_counters():
    """100 arrivals per 30 min, 3-min handling, 80 % answered within 20 s: 14 agents."""
    scenario = _hall(200, EXPONENTIAL_3, targets={"wait_minutes": 20 / 60, "service_level": 0.8})
    table = analytic_requirement(scenario, 30, method="sipp")
    assert list(table["counters"]) == [14] * 16
    np.testing.assert_allclose(table["offered_load"], 10.0)
    assert list(table["clock"][:3]) == ["09:00", "09:30", "10:00"]
    assert list(analytic_requirement(scenario, 30)["counters"][2:]) == [14] * 14


def test_mol_equals_sipp_on_a_constant_day_after_the_first_hour():
    scenario = _hall(200, EXPONENTIAL_3, open_="07:00", close="19:00")
    mol = analytic_requirement(scenario, 30, method="mol")
    sipp = analytic_requirement(scenario, 30, method="sipp")
    later = mol["start"] >= 60
    np.testing.assert_allclose(mol["offered_load"][later], sipp["offered_load"][later], rtol=1e-5)
    assert (mol["counters"][later] == sipp["counters"][later]).all()
    assert mol["offered_load"][0] < sipp["offered_load"][0]


def test_mol_lags_sipp_on_the_nanhu_lunch_peak():
    scenario = load_scenario(NANHU)
    starts = period_starts(scenario, 30)
    mol = modified_offered_load(scenario, starts, 30)
    sipp = offered_load_sipp(scenario, starts, 30)
    by_clock = {scenario.clock.label(start): i for i, start in enumerate(starts)}
    assert mol[by_clock["11:30"]] < sipp[by_clock["11:30"]] - 0.4  # step up: MOL still low
    assert mol[by_clock["13:30"]] > sipp[by_clock["13:30"]] + 0.4  # step down: still busy
    assert mol[by_clock["12:30"]] == pytest.approx(sipp[by_clock["12:30"]], rel=1e-3)


def test_exponential_mol_solves_the_infinite_server_ode():
    per_hour = {"09:00": 30, "10:20": 120, "12:00": 0, "12:30": 75}
    scenario = _hall(per_hour, {"dist": "exponential", "mean": 6.0}, close="15:00")
    starts = period_starts(scenario, 15)
    expected = _ode_period_means(scenario, starts, 15, 6.0)
    np.testing.assert_allclose(modified_offered_load(scenario, starts, 15), expected,
                               rtol=1e-6, atol=1e-9)


def test_zero_rate_periods_need_no_counters():
    per_hour = {"09:00": 0, "10:00": 60, "11:00": 0}
    scenario = _hall(per_hour, {"dist": "deterministic", "mean": 5.0}, close="12:00")
    sipp = analytic_requirement(scenario, 30, method="sipp")
    mol = analytic_requirement(scenario, 30, method="mol")
    assert list(sipp["counters"]) == [0, 0, 6, 6, 0, 0]
    assert list(mol["counters"][:2]) == [0, 0]
    assert mol["counters"][4] > 0  # those who came just before 11:00 are still being served
    assert mol["offered_load"][5] == 0 and mol["counters"][5] == 0


def test_deterministic_mol_by_hand():
    """One arrival a minute from 10:00 to 11:00, each served 5 min: m rises linearly to 5 over
    the first 5 minutes of 10:00-10:30 (area 12.5 + 25 * 5), falls to 0 over 11:00-11:05."""
    per_hour = {"09:00": 0, "10:00": 60, "11:00": 0}
    scenario = _hall(per_hour, {"dist": "deterministic", "mean": 5.0}, close="12:00")
    loads = modified_offered_load(scenario, period_starts(scenario, 30), 30)
    np.testing.assert_allclose(loads, [0, 0, 137.5 / 30, 5, 12.5 / 30, 0], atol=1e-12)


def test_step_up_shifts_the_mol_requirement_later_than_sipp():
    per_hour = {"09:00": 60, "12:00": 180}
    scenario = _hall(per_hour, {"dist": "exponential", "mean": 20.0}, close="15:00")
    mol = analytic_requirement(scenario, 15, method="mol")["counters"]
    sipp = analytic_requirement(scenario, 15, method="sipp")["counters"]
    assert _first_at_final_level(sipp) == 12  # the 12:00 period
    assert _first_at_final_level(mol) > _first_at_final_level(sipp) + 2
    assert (mol[12:] <= sipp[12:]).all()


def test_patience_gives_the_erlang_a_requirement():
    scenario = load_scenario(NANHU)
    table = analytic_requirement(scenario, 30, method="sipp", max_abandon=0.05)
    mix = service_mix(scenario)
    row = table.iloc[5]  # 11:30, 56 per hour
    expected = theory.min_servers_erlang_a(56 / 60, mix.service_mean, mix.patience_mean, 10.0, 0.8,
                                           0.05)
    assert row["clock"] == "11:30" and row["counters"] == expected


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method must be one of mol, sipp"):
        analytic_requirement(_hall(60, EXPONENTIAL_3), 30, method="lag")


def _two_classes(factor=None):
    """Two classes with their own rates: quick ones early, slow ones from 10:00."""
    return load_scenario({
        "name": "two streams", "clock": {"open": "09:00", "close": "12:00"},
        "customers": {"quick": {"service_time": {"dist": "exponential", "mean": 2.0},
                                **({"service_factor": factor} if factor else {})},
                      "slow": {"service_time": {"dist": "deterministic", "mean": 10.0}}},
        "arrivals": {"per_class": {"quick": {"09:00": 60, "10:00": 30},
                                   "slow": {"09:00": 0, "10:00": 12}}},
        "counters": {"count": 1},
    })


def test_sipp_adds_the_classes_own_loads_by_hand():
    # 09:00-10:00: 1/min × 2 min = 2 erlangs; later 0.5 × 2 + 0.2 × 10 = 3; with the quick
    # class 1.5 times slower from 10:30: 0.5 × 3 + 2 = 3.5, and 3.25 for 10:00-11:00 on average.
    starts = np.array([0.0, 60.0, 120.0])
    np.testing.assert_allclose(offered_load_sipp(_two_classes(), starts, 60), [2, 3, 3])
    slower = _two_classes({"09:00": 1.0, "10:30": 1.5})
    np.testing.assert_allclose(offered_load_sipp(slower, starts, 60), [2, 3.25, 3.5])


def test_mol_of_classes_is_the_sum_of_their_infinite_server_loads():
    # The slow class is deterministic: its m(t) = 0.2 × min(t - 60, 10) from 10:00, so its
    # period mean over 10:00-10:30 is 0.2 × (50 + 200) / 30; the quick class's load follows the
    # exponential ODE of its own rate.
    hall = _two_classes()
    starts = period_starts(hall, 30)
    quick = _hall({"09:00": 60, "10:00": 30}, {"dist": "exponential", "mean": 2.0},
                  close="12:00")
    slow = np.array([0, 0, 0.2 * 250 / 30, 2, 2, 2])
    np.testing.assert_allclose(modified_offered_load(hall, starts, 30),
                               _ode_period_means(quick, starts, 30, 2.0) + slow, rtol=1e-5)


def test_a_factor_of_one_half_is_a_service_half_as_long():
    halved = _two_classes(0.5)
    raw = halved.model_dump(mode="json", by_alias=True, exclude_none=True)
    raw["customers"]["quick"] = {"service_time": {"dist": "exponential", "mean": 1.0}}
    direct = load_scenario(raw)
    starts = period_starts(halved, 15)
    for offered in (offered_load_sipp, modified_offered_load):
        np.testing.assert_allclose(offered(halved, starts, 15), offered(direct, starts, 15),
                                   rtol=1e-12, atol=1e-12)
