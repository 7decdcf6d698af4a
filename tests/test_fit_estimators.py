"""The fit's estimators on samples with known parameters: service families, service factors,
censored patience, the day-to-day level of arrivals, the Weibull distribution they may write."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pydantic import TypeAdapter
from scipy import stats

from queuesim.calibration.arrivals import count_cells, fit_arrivals
from queuesim.calibration.patience import censored_mle, fit_patience, log_density
from queuesim.calibration.service import (
    FAMILIES,
    fit_service,
    fit_service_times,
    service_factors,
)
from queuesim.distributions import Distribution

_DISTRIBUTION = TypeAdapter(Distribution)


def test_weibull_matches_scipy():
    weibull = _DISTRIBUTION.validate_python({"dist": "weibull", "shape": 0.7, "scale": 3.0})
    reference = stats.weibull_min(0.7, scale=3.0)
    u = np.linspace(0.01, 0.99, 9)
    assert np.allclose(weibull.quantile(u), reference.ppf(u))
    assert np.allclose(weibull.cdf(reference.ppf(u)), u)
    assert weibull.mean == pytest.approx(reference.mean())
    assert weibull.variance == pytest.approx(reference.var())
    draws = weibull.sample(np.random.default_rng(4), 200_000)
    # the sample mean within 4 standard errors of the mean
    assert abs(draws.mean() - weibull.mean) < 4 * math.sqrt(weibull.variance / len(draws))


def test_lognormal_times_are_recovered_with_their_mean():
    rng = np.random.default_rng(1)
    times = stats.lognorm(0.8, scale=2.0).rvs(4000, random_state=rng)
    fitted = fit_service_times(times)
    assert fitted["chosen"] == "lognormal"
    sigma, scale = 0.8, 2.0
    mean = scale * math.exp(sigma**2 / 2)
    cv = math.sqrt(math.exp(sigma**2) - 1)
    # standard error of the MLE mean: mean * sqrt((sigma^2 + sigma^4 / 2) / n)
    se = mean * math.sqrt((sigma**2 + sigma**4 / 2) / len(times))
    assert abs(fitted["spec"]["mean"] - mean) < 3.5 * se
    assert fitted["spec"]["cv"] == pytest.approx(cv, rel=0.06)


def test_a_family_that_misses_the_mean_is_not_chosen():
    """Times with a heavy upper tail on a light body: the lognormal shape fits the bulk best
    by likelihood but misses the sample mean by far more than 2 %."""
    rng = np.random.default_rng(2)
    body = rng.lognormal(0.0, 0.5, 3000)
    tail = rng.uniform(20, 40, 60)
    fitted = fit_service_times(np.concatenate([body, tail]))
    by_family = {c["family"]: c for c in fitted["candidates"]}
    assert not by_family["lognormal"]["kept"]
    assert abs(by_family["lognormal"]["mean_error"]) > 0.02
    chosen_mean = _DISTRIBUTION.validate_python(fitted["spec"]).mean
    assert chosen_mean == pytest.approx(fitted["mean"], rel=0.02)


def test_service_factors_recover_a_slow_period_and_leave_flat_ones_alone():
    rng = np.random.default_rng(3)
    periods = rng.choice([540, 600, 660], 6000)
    truth = {540: 0.8, 600: 1.0, 660: 1.3}
    times = rng.exponential(3.0, len(periods)) * np.array([truth[p] for p in periods])
    factors = service_factors(times, periods)
    ratio = {p: factors[p] / factors[600] for p in factors}
    # each period's mean has a relative standard error of 1/sqrt(2000) ≈ 2.2 %
    assert ratio[540] == pytest.approx(0.8, rel=0.08)
    assert ratio[660] == pytest.approx(1.3, rel=0.08)
    flat = fit_service(rng.exponential(3.0, 6000), periods)
    assert all(abs(f - 1) < 0.06 for f in flat["factors"].values())


def test_patience_under_heavy_censoring_is_recovered_where_the_naive_mean_fails():
    rng = np.random.default_rng(5)
    n, mean = 6000, 20.0
    patience = rng.exponential(mean, n)
    wait = rng.exponential(2.0, n)
    gave_up = patience < wait  # about 9 % give up: heavy censoring
    fitted = fit_patience(patience[gave_up], wait[~gave_up])
    events = gave_up.sum()
    exponential = next(c for c in fitted["candidates"] if c["family"] == "exponential")
    se = mean / math.sqrt(events)  # the censored exponential MLE: mean / sqrt(events)
    assert abs(exponential["mean"] - mean) < 3 * se
    assert abs(fitted["mean"] - mean) < 4 * se
    assert fitted["naive_mean"] < mean / 5  # visibly wrong
    _, _, band = fitted["km"]
    chosen = fitted["curves"][fitted["chosen"]]
    inside = (chosen >= band[0] - 0.01) & (chosen <= band[1] + 0.01)
    assert inside.mean() > 0.95


def test_interval_censored_no_shows_recover_patience():
    """A ticket hall: a no-show is found gone at their call, patience in (0, call]."""
    rng = np.random.default_rng(6)
    n, mean = 5000, 8.0
    patience = rng.exponential(mean, n)
    call = rng.exponential(6.0, n)
    gone = patience < call
    fitted = fit_patience(np.zeros(0), call[~gone], call[gone])
    exponential = next(c for c in fitted["candidates"] if c["family"] == "exponential")
    assert fitted["km"] is None
    # the information per no-show is less than per exact time: allow 4 naive standard errors
    assert abs(exponential["mean"] - mean) < 4 * mean / math.sqrt(gone.sum())


def _days_of_arrivals(rng, days: int, cv: float) -> pd.DataFrame:
    rates = {"a": [30.0, 60.0], "b": [20.0, 5.0]}  # per hour, periods 09:00 and 10:00
    rows = []
    shape = 1 / cv**2 if cv > 0 else None
    for day in range(days):
        level = rng.gamma(shape, 1 / shape) if shape else 1.0
        for name, profile in rates.items():
            for index, rate in enumerate(profile):
                count = rng.poisson(rate * level)
                rows += [(day, name, 540 + 60 * index + minute)
                         for minute in rng.uniform(0, 60, count)]
    return pd.DataFrame(rows, columns=["day", "class", "minutes"])


def _arrival_fit(frame):
    return fit_arrivals(count_cells(frame["minutes"], frame["day"], frame["class"], 60,
                                    np.array([540, 600])), 60)


def test_rates_per_class_and_period_are_recovered():
    frame = _days_of_arrivals(np.random.default_rng(7), 80, 0.0)
    fitted = _arrival_fit(frame)
    for name, profile in {"a": [30.0, 60.0], "b": [20.0, 5.0]}.items():
        for index, rate in enumerate(profile):
            se = math.sqrt(rate / 80)
            assert abs(fitted.rates.loc[540 + 60 * index, name] - rate) < 3.5 * se
    assert fitted.dispersion["p_value"] > 0.001
    # with no day level, cv² estimates 0 with a standard error of sqrt(2 / (days - 1)) / mean
    mean = 115.0
    assert fitted.dispersion["cv"] ** 2 < 3 * math.sqrt(2 / 79) / mean


def test_day_to_day_level_is_detected_and_recovered():
    days, cv = 120, 0.2
    frame = _days_of_arrivals(np.random.default_rng(8), days, cv)
    test = _arrival_fit(frame).dispersion
    assert test["overdispersed"] and test["p_value"] < 1e-6
    # the sample cv of a gamma level over 120 days has a standard error of about cv/sqrt(2*days)
    # times a kurtosis factor; 0.2 ± 0.05 is about 3 of them
    assert test["cv"] == pytest.approx(cv, abs=0.05)


@pytest.mark.parametrize("family", ["exponential", "gamma", "lognormal", "weibull"])
def test_censored_fit_on_distinct_times_agrees_with_scipy(family):
    rng = np.random.default_rng(9)
    patience = np.round(rng.weibull(0.8, 3000) * 4 * 60) / 60  # recorded to the second
    wait = np.round(rng.exponential(2.0, 3000) * 60) / 60
    gave_up = (patience < wait) & (patience > 0)
    exact, right = patience[gave_up], wait[~gave_up & (wait > 0)]
    ours = censored_mle(family, exact, right, np.zeros(0))
    reference = FAMILIES[family].fit(stats.CensoredData(uncensored=exact, right=right), floc=0)
    assert np.allclose(ours, reference, rtol=2e-3, atol=1e-6)


@pytest.mark.parametrize(("family", "params"), [("exponential", (0.0, 2.0)),
                                                ("gamma", (1.8, 0.0, 0.9)),
                                                ("lognormal", (1.2, 0.0, 0.8)),
                                                ("weibull", (0.7, 0.0, 1.5))])
def test_closed_form_log_densities_are_scipys(family, params):
    times = np.array([0.01, 0.3, 1.0, 2.5, 10.0, 40.0])
    for method in ("logpdf", "logsf", "logcdf"):
        expected = getattr(FAMILIES[family](*params), method)(times)
        assert np.allclose(log_density(family, method, times, params), expected,
                           rtol=1e-12, atol=1e-12)
