"""The model with rates per class, a day-to-day level, service factors and a staffing profile,
each against an independent reference: integrated rates, the negative-binomial variance, exact
rescaling of the same draws, and the profile itself."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from queuesim import load_scenario, simulate
from queuesim.model import draw_customers, run_replication

EXPONENTIAL = {"dist": "exponential", "mean": 3.0}
PER_CLASS = {"PS": {"07:00": 40.0, "08:00": 10.0, "09:00": 0.0}, "NE": {"07:00": 5.0,
                                                                          "08:00": 30.0}}


def per_class_hall(**arrivals) -> dict:
    return {
        "name": "per-class day", "clock": {"open": "07:00", "close": "10:00"},
        "customers": {"PS": {"service_time": EXPONENTIAL}, "NE": {"service_time": EXPONENTIAL}},
        "arrivals": {"per_class": PER_CLASS, **arrivals}, "counters": {"count": 2},
    }


def test_counts_per_class_and_hour_match_the_integrated_rates():
    # Expected per day (PS, NE) by hour: (40, 5), (10, 30), (0, 30); over 400 days every cell
    # total is Poisson, so the sum of (O - E)^2 / E over the cells is chi-square with 6 d.o.f.
    hall = load_scenario(per_class_hall())
    days = 400
    counts = np.zeros((2, 3))
    for day in range(days):
        draws = draw_customers(hall, 1, day)
        for klass in range(2):
            counts[klass] += np.histogram(draws.arrival[draws.klass == klass],
                                          bins=[0, 60, 120, 180])[0]
    expected = days * np.array([[40, 10, 0], [5, 30, 30]], float)
    assert counts[0, 2] == 0  # no PS after 09:00
    cells = expected > 0
    chi2 = np.sum((counts[cells] - expected[cells]) ** 2 / expected[cells])
    assert stats.chi2.sf(chi2, cells.sum()) > 0.001, (counts, expected)
    # and the mix moves through the day: mostly PS at first, mostly NE after 08:00
    assert counts[0, 0] / counts[:, 0].sum() == pytest.approx(40 / 45, abs=0.02)
    assert counts[0, 1] / counts[:, 1].sum() == pytest.approx(10 / 40, abs=0.02)


def test_proportional_rates_per_class_give_the_customers_of_shares():
    # Same streams, same structure: arrival times equal to rounding, every class the same.
    rates = {"07:00": 30.0, "08:30": 60.0}
    shares = per_class_hall()
    shares["arrivals"] = {"per_hour": rates}
    shares["customers"]["PS"]["share"], shares["customers"]["NE"]["share"] = 0.25, 0.75
    per_class = per_class_hall()
    per_class["arrivals"]["per_class"] = {name: {t: r * share for t, r in rates.items()}
                                          for name, share in [("PS", 0.25), ("NE", 0.75)]}
    for replication in range(5):
        a = draw_customers(load_scenario(shares), 2, replication)
        b = draw_customers(load_scenario(per_class), 2, replication)
        np.testing.assert_allclose(b.arrival, a.arrival, rtol=1e-12)
        for field in ("klass", "work", "patience", "absence", "choice"):
            assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_a_hall_without_day_level_keeps_the_numbers_of_earlier_versions():
    # Figures printed by the version before the day level, service factors and rates per class
    # existed: the new random source is never drawn from when day_to_day_cv is 0.
    raw = {"name": "golden", "clock": {"open": "09:00", "close": "13:00"},
           "customers": {"a": {"share": 0.7, "service_time": {"dist": "lognormal", "mean": 4,
                                                              "cv": 0.8},
                               "patience": {"dist": "exponential", "mean": 10}},
                         "b": {"share": 0.3, "service_time": {"dist": "exponential", "mean": 6}}},
           "arrivals": {"per_hour": {"09:00": 20, "11:00": 35}, "scale": 1.1,
                        "bursts": [{"at": "10:00", "size": 5}]},
           "appointments": [{"class": "b", "every": 30, "from": "09:30", "to": "12:00"}],
           "counters": {"count": 3}}
    d = draw_customers(load_scenario(raw), 5, 3)
    assert len(d) == 121 and np.bincount(d.klass).tolist() == [77, 44]
    assert float(d.arrival.sum()) == 16034.318202790682
    assert float(d.work.sum()) == 588.6322493730871
    assert float(d.patience[np.isfinite(d.patience)].sum()) == 770.7855333580973
    assert float(d.absence.sum()) == 127.93734486603589
    assert float(d.choice.sum()) == 56.50474455042872


def _daily_counts(cv: float, days: int) -> np.ndarray:
    hall = load_scenario(per_class_hall(day_to_day_cv=cv))
    return np.array([len(draw_customers(hall, 3, day)) for day in range(days)], float)


def _variance_interval(counts: np.ndarray) -> tuple[float, float, float]:
    """Sample variance and its standard error, (m4 - s^4) / n, from the sample itself."""
    centred = counts - counts.mean()
    variance = counts.var(ddof=1)
    return variance, math.sqrt(max(np.mean(centred**4) - variance**2, 0) / len(counts)), \
        counts.mean()


def test_day_level_overdispersion_is_mean_plus_cv_squared_mean_squared():
    # Mean 115 a day. Gamma level with cv 0.25: Var = m + cv^2 m^2 = 115 + 826.6 = 941.6.
    counts = _daily_counts(0.25, 1500)
    variance, error, mean = _variance_interval(counts)
    assert abs(mean - 115) <= 4 * math.sqrt(941.6 / len(counts))
    assert abs(variance - 941.6) <= 4 * error, (variance, error)
    assert abs(variance - 115) > 10 * error  # Poisson dispersion would be far outside


def test_without_day_level_days_are_poisson():
    variance, error, mean = _variance_interval(_daily_counts(0.0, 1500))
    assert abs(variance - mean) <= 4 * error, (variance, mean, error)


def test_day_level_rescales_the_same_arrivals():
    # A constant rate at level L: the same unit points mapped through a rate L times higher.
    raw = per_class_hall(day_to_day_cv=0.3)
    raw["arrivals"]["per_class"] = {"PS": 40.0, "NE": 20.0}
    with_level = draw_customers(load_scenario(raw), 9, 4)
    raw["arrivals"]["day_to_day_cv"] = 0.0
    without = draw_customers(load_scenario(raw), 9, 4)
    n = min(len(with_level), len(without))
    level = without.arrival[n - 1] / with_level.arrival[n - 1]
    assert level != pytest.approx(1.0, abs=1e-3)
    np.testing.assert_allclose(with_level.arrival[:n] * level, without.arrival[:n], rtol=1e-9)


def test_mean_service_per_period_is_the_factor_times_the_mean():
    raw = per_class_hall()
    raw["customers"]["NE"]["service_factor"] = {"07:00": 0.7, "08:30": 1.3}
    hall = load_scenario(raw)
    draws = [draw_customers(hall, 5, day) for day in range(300)]
    arrival = np.concatenate([d.arrival for d in draws])
    klass, work = np.concatenate([d.klass for d in draws]), np.concatenate([d.work for d in draws])
    for klass_index, low, high, factor in [(1, 0, 90, 0.7), (1, 90, 180, 1.3), (0, 0, 180, 1.0)]:
        sample = work[(klass == klass_index) & (arrival >= low) & (arrival < high)]
        half = 3.3 * sample.std(ddof=1) / math.sqrt(len(sample))
        assert abs(sample.mean() - factor * 3.0) <= half, (klass_index, low, sample.mean())
        assert half < 0.1 * factor * 3.0


def test_factor_one_half_is_an_mm1_with_half_the_mean():
    def mm1(mean, factor=None):
        service = {"service_time": {"dist": "exponential", "mean": mean}, "share": 1.0}
        if factor is not None:
            service["service_factor"] = factor
        return load_scenario({"name": "M/M/1", "clock": {"horizon": 3000, "warmup": 100},
                              "customers": {"all": service}, "arrivals": {"per_hour": 40},
                              "counters": {"count": 1}})
    halved = simulate(mm1(2.0, 0.5), replications=2, seed=8, workers=1)
    direct = simulate(mm1(1.0), replications=2, seed=8, workers=1)
    assert halved.customers.equals(direct.customers)


def test_open_counters_follow_the_profile():
    profile = {"07:00": 2, "08:00": 4, "08:30": 1, "09:15": 3}
    raw = per_class_hall()
    raw["customers"]["PS"]["service_time"] = {"dist": "deterministic", "mean": 0.5}
    raw["customers"]["NE"]["service_time"] = {"dist": "deterministic", "mean": 0.5}
    raw["counters"] = {"profile": profile}
    hall = load_scenario(raw)
    timeline = run_replication(hall, 0, 0).frames(hall.class_names,
                                                  [c.id for c in hall.counters],
                                                  (0, math.inf))["timeline"]
    starts = [hall.clock.minutes(t) for t in profile]
    # one minute into each period, after any customer of a closing counter has left
    probes = np.array(starts) + 1.0
    row = np.searchsorted(timeline["time"].to_numpy(), probes, side="right") - 1
    assert timeline["open"].to_numpy()[row].tolist() == list(profile.values())
