"""Random inputs: distributions keep their stated moments, arrivals follow their rate, and
streams are independent per replication and source (common random numbers)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import TypeAdapter
from scipy import stats

from helpers import scenario
from queuesim.distributions import Distribution
from queuesim.model.draws import draw_customers, poisson_arrivals

SPECS = [
    {"dist": "exponential", "mean": 6.0},
    {"dist": "deterministic", "mean": 2.5},
    {"dist": "uniform", "low": 1.0, "high": 5.0},
    {"dist": "triangular", "low": 1.0, "mode": 2.0, "high": 6.0},
    {"dist": "normal", "mean": 3.0, "sd": 2.0},
    {"dist": "lognormal", "mean": 6.0, "cv": 0.9},
    {"dist": "gamma", "mean": 12.0, "cv": 0.7},
    {"dist": "erlang", "k": 3, "mean": 6.0},
    {"dist": "empirical", "values": [1.0, 2.0, 2.0, 7.5]},
]


def build(spec):
    return TypeAdapter(Distribution).validate_python(spec)


@pytest.mark.parametrize("spec", SPECS, ids=[s["dist"] for s in SPECS])
def test_samples_have_the_stated_mean_and_variance(spec):
    dist = build(spec)
    values = dist.sample(np.random.default_rng(1), 200_000)
    assert (values >= 0).all()
    standard_error = math.sqrt(dist.variance / len(values))
    assert abs(values.mean() - dist.mean) <= 4.5 * standard_error + 1e-12
    if dist.variance > 0:
        # the sample variance of 200 000 draws is within a few per cent of the truth
        assert values.var() == pytest.approx(dist.variance, rel=0.06)


@pytest.mark.parametrize("spec", SPECS, ids=[s["dist"] for s in SPECS])
def test_quantile_is_monotone_so_common_random_numbers_couple(spec):
    dist = build(spec)
    u = np.linspace(0, 0.999, 500)
    assert (np.diff(dist.quantile(u)) >= -1e-12).all()


def test_known_shapes():
    assert build({"dist": "gamma", "mean": 4, "cv": 0.5}).quantile(np.array([0.5]))[0] == \
        pytest.approx(stats.gamma(4, scale=1).median())
    normal = build({"dist": "normal", "mean": 1.0, "sd": 1.0})
    assert normal.mean == pytest.approx(stats.truncnorm(-1, np.inf, 1, 1).mean())
    assert build({"dist": "erlang", "k": 4, "mean": 2}).cv == pytest.approx(0.5)


def test_piecewise_poisson_counts_per_period_match_the_rates():
    # 40/h for 2 h, then 0 for 1 h, then 90/h for 1 h: expected counts 80, 0, 90 per day.
    starts, rates = [0.0, 120.0, 180.0], [40 / 60, 0.0, 90 / 60]
    rng = np.random.default_rng(7)
    days = [poisson_arrivals(rng, starts, rates, 240.0) for _ in range(400)]
    counts = np.array([np.histogram(d, bins=[0, 120, 180, 240])[0] for d in days])
    for period, expected in enumerate([80, 0, 90]):
        mean = counts[:, period].mean()
        assert abs(mean - expected) <= 4 * math.sqrt(max(expected, 1) / len(days))
    assert counts[:, 1].sum() == 0
    # Poisson: variance equals mean within each period
    assert counts[:, 2].var(ddof=1) == pytest.approx(90, rel=0.2)
    # within a constant period, arrival times are uniform (Kolmogorov–Smirnov)
    late = np.concatenate([d[d >= 180] for d in days]) - 180
    assert stats.kstest(late / 60, "uniform").pvalue > 0.001


def test_same_customers_in_every_queue_structure():
    base = {"arrivals": {"per_hour": 50}, "replications": 3, "seed": 4}
    a = draw_customers(scenario(**base), 4, 2)
    b = draw_customers(scenario(**base, queue={"structure": "ticket"}), 4, 2)
    for field in ("arrival", "klass", "work", "patience", "choice"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
    other = draw_customers(scenario(**base), 4, 1)
    assert not np.array_equal(a.arrival[:5], other.arrival[:5])


def test_scaled_demand_keeps_the_first_customers_arrival_order():
    # Inversion of the cumulative rate: with scale 2 every arrival comes at half the time.
    a = draw_customers(scenario(), 3, 0)
    b = draw_customers(scenario(arrivals={"per_hour": 30, "scale": 2.0}), 3, 0)
    n = len(a.arrival)
    assert np.allclose(b.arrival[:n], a.arrival / 2)
