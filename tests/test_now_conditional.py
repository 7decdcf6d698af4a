"""The remaining time S − e | S > e against its exact conditional distribution, per distribution."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import TypeAdapter
from scipy import stats

from queuesim.distributions import Distribution
from queuesim.now.conditional import remaining

build = TypeAdapter(Distribution).validate_python
DRAWS = 4000

# (distribution, elapsed minutes, the same distribution in scipy: an independent reference)
CASES = [
    ({"dist": "exponential", "mean": 4}, 6.0, stats.expon(scale=4)),
    ({"dist": "lognormal", "mean": 6, "cv": 0.9}, 5.0,
     stats.lognorm(np.sqrt(np.log1p(0.81)), scale=6 / np.sqrt(1.81))),
    ({"dist": "gamma", "mean": 12, "cv": 0.7}, 10.0, stats.gamma(1 / 0.49, scale=12 * 0.49)),
    ({"dist": "erlang", "k": 3, "mean": 9}, 4.0, stats.gamma(3, scale=3)),
    ({"dist": "normal", "mean": 5, "sd": 3}, 4.0, stats.truncnorm(-5 / 3, np.inf, 5, 3)),
    ({"dist": "weibull", "shape": 0.8, "scale": 4}, 3.0, stats.weibull_min(0.8, scale=4)),
    ({"dist": "uniform", "low": 2, "high": 10}, 5.0, stats.uniform(2, 8)),
    ({"dist": "triangular", "low": 1, "mode": 3, "high": 9}, 4.0,
     stats.triang(2 / 8, loc=1, scale=8)),
    ({"dist": "truncated", "of": {"dist": "exponential", "mean": 5}, "high": 12}, 3.0,
     stats.truncexpon(12 / 5, scale=5)),
]


def _conditional_cdf(reference, elapsed):
    """Exact P(S − e ≤ x | S > e) = 1 − sf(e + x) / sf(e), from the log survival functions."""
    return lambda x: -np.expm1(reference.logsf(elapsed + x) - reference.logsf(elapsed))


@pytest.mark.parametrize(("spec", "elapsed", "reference"), CASES,
                         ids=[c[0]["dist"] for c in CASES])
def test_remaining_time_follows_the_exact_conditional_distribution(spec, elapsed, reference):
    u = np.random.default_rng(11).random(DRAWS)
    draws = remaining(build(spec), np.full(DRAWS, elapsed), u)
    result = stats.kstest(draws, _conditional_cdf(reference, elapsed))
    assert result.pvalue > 0.001, result


def test_the_check_tells_a_fresh_draw_from_a_conditional_one():
    """A fresh lognormal draw (ignoring the time already served) fails the same check."""
    spec, elapsed, reference = CASES[1]
    fresh = build(spec).quantile(np.random.default_rng(11).random(DRAWS))
    assert stats.kstest(fresh, _conditional_cdf(reference, elapsed)).pvalue < 1e-6


@pytest.mark.parametrize(("spec", "elapsed", "reference"),
                         [CASES[1], CASES[2], CASES[4], CASES[5]],
                         ids=["lognormal", "gamma", "normal", "weibull"])
def test_far_in_the_tail_the_draws_stay_exact(spec, elapsed, reference):
    """Where F(e) rounds to 1 (survival below 1e-16) the survival form still draws correctly."""
    far = float(reference.isf(1e-18))
    u = np.random.default_rng(3).random(DRAWS)
    draws = remaining(build(spec), np.full(DRAWS, far), u)
    assert np.all(np.isfinite(draws)) and np.all(draws > 0)
    assert stats.kstest(draws, _conditional_cdf(reference, far)).pvalue > 0.001


def test_exponential_is_memoryless_and_monotone_in_the_uniform():
    dist = build({"dist": "exponential", "mean": 4})
    u = np.linspace(0, 0.99, 50)
    assert np.allclose(remaining(dist, np.full(50, 7.5), u), dist.quantile(u))
    assert np.all(np.diff(remaining(build(CASES[1][0]), np.full(50, 5.0), u)) > 0)


def test_deterministic_and_empirical_remainders_are_exact():
    assert remaining(build({"dist": "deterministic", "mean": 5}), [2.0, 7.0], [0.3, 0.3]).tolist() \
        == [3.0, 0.0]
    empirical = build({"dist": "empirical", "values": [1, 2, 4, 8]})
    u = np.random.default_rng(5).random(DRAWS)
    left = remaining(empirical, np.full(DRAWS, 3.0), u)
    assert set(np.unique(left)) == {1.0, 5.0}
    counts = np.bincount((left == 5.0).astype(int))
    assert stats.binomtest(int(counts[1]), DRAWS, 0.5).pvalue > 0.001


def test_no_patience_means_forever():
    assert np.isinf(remaining(None, [3.0], [0.5])).all()
