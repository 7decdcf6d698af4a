"""Cumulative distribution and survival functions of the service and patience distributions."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import TypeAdapter
from scipy import integrate

from queuesim.distributions import Distribution

_ADAPTER = TypeAdapter(Distribution)

CONTINUOUS = [
    {"dist": "exponential", "mean": 6.0},
    {"dist": "uniform", "low": 2.0, "high": 8.0},
    {"dist": "triangular", "low": 1.0, "mode": 3.0, "high": 10.0},
    {"dist": "triangular", "low": 0.0, "mode": 0.0, "high": 5.0},
    {"dist": "triangular", "low": 1.0, "mode": 5.0, "high": 5.0},
    {"dist": "normal", "mean": 5.0, "sd": 3.0},
    {"dist": "lognormal", "mean": 6.0, "cv": 0.9},
    {"dist": "gamma", "mean": 12.0, "cv": 0.7},
    {"dist": "gamma", "mean": 4.0, "cv": 1.5},
    {"dist": "erlang", "k": 3, "mean": 9.0},
]
STEPS = [
    {"dist": "deterministic", "mean": 4.0},
    {"dist": "empirical", "values": [3.0, 1.0, 4.0, 1.0, 5.0]},
]


def _build(parameters: dict):
    return _ADAPTER.validate_python(parameters)


def _label(parameters: dict) -> str:
    return "-".join(str(value) for value in parameters.values())


def _jumps(distribution) -> list[float]:
    """Points where the survival function jumps (the step distributions' values)."""
    if distribution.dist == "empirical":
        return sorted(set(distribution.values))
    if distribution.dist == "deterministic":
        return [distribution.mean]
    return []


def _upper(distribution) -> float:
    """A time beyond which the survival function is negligible (at most 1e-12), minutes."""
    if distribution.dist == "empirical":
        return max(distribution.values)
    return float(distribution.quantile(np.array(1 - 1e-12)))


@pytest.mark.parametrize("parameters", CONTINUOUS, ids=_label)
def test_cdf_inverts_quantile_for_continuous_distributions(parameters):
    distribution = _build(parameters)
    u = np.linspace(0.001, 0.999, 199)
    np.testing.assert_allclose(distribution.cdf(distribution.quantile(u)), u, atol=1e-9)


@pytest.mark.parametrize("parameters", CONTINUOUS + STEPS, ids=_label)
def test_cdf_is_monotone_from_zero_to_one(parameters):
    distribution = _build(parameters)
    x = np.linspace(-2.0, 1.5 * _upper(distribution), 4001)
    probabilities = distribution.cdf(x)
    assert np.all((probabilities >= 0) & (probabilities <= 1))
    assert np.all(np.diff(probabilities) >= 0)
    assert probabilities[0] == 0
    assert probabilities[-1] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("parameters", CONTINUOUS + STEPS, ids=_label)
def test_survival_integrates_to_the_mean(parameters):
    distribution = _build(parameters)
    upper = _upper(distribution)
    area, _ = integrate.quad(lambda x: float(distribution.survival(x)), 0.0, upper,
                             points=_jumps(distribution) or None, limit=500)
    assert area == pytest.approx(distribution.mean, rel=1e-6)


@pytest.mark.parametrize("parameters", CONTINUOUS + STEPS, ids=_label)
def test_survival_is_one_minus_cdf_and_keeps_the_shape(parameters):
    distribution = _build(parameters)
    x = np.array([[0.5, 2.0, 7.0], [-1.0, 0.0, 30.0]])
    survival = distribution.survival(x)
    assert survival.shape == x.shape
    np.testing.assert_allclose(survival, 1 - distribution.cdf(x))


def test_deterministic_cdf_jumps_at_the_time():
    distribution = _build(STEPS[0])
    np.testing.assert_array_equal(distribution.cdf([3.999, 4.0, 4.001]), [0.0, 1.0, 1.0])


def test_empirical_cdf_is_the_share_of_values_at_most_x():
    distribution = _build(STEPS[1])
    np.testing.assert_allclose(distribution.cdf([0.5, 1.0, 2.0, 4.5, 5.0]),
                               [0.0, 0.4, 0.4, 0.8, 1.0])


def test_exponential_cdf_matches_the_formula():
    distribution = _build(CONTINUOUS[0])
    x = np.array([0.0, 3.0, 6.0, 12.0])
    np.testing.assert_allclose(distribution.cdf(x), 1 - np.exp(-x / 6.0))
