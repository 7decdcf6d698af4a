"""Service times learnt from a visit log: a distribution per class and a factor per period.

Candidate families (exponential, gamma, lognormal, Weibull) are fitted by maximum likelihood
with the origin fixed at 0 (``scipy.stats.<dist>.fit(x, floc=0)``) and ranked by AIC. A family
is only kept when its mean is within ``MEAN_TOLERANCE`` of the sample mean: the mean service
time drives the load, and a family whose shape fits the bulk but misses the tail (a lognormal
fitted to log-times can miss the mean by 20 %) moves abandonment by many points. When no family
keeps the mean, the empirical distribution of the times is used. KS and Anderson–Darling
statistics are reported as goodness-of-fit figures (with thousands of times every family is
"rejected" by a test; the figures say by how much).

Service that is slower at some hours is a factor per period of arrival (the period's mean over
the overall mean), shrunk towards 1 where the period has few times (empirical Bayes: the
between-period variance against each period's sampling variance). The distribution is fitted
to the times divided by their period's factor, so factor × distribution gives back the data.
Times in minutes.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

MEAN_TOLERANCE = 0.02
"""Largest relative gap between a family's mean and the sample mean for the family to be kept."""
EMPIRICAL_POINTS = 1000
"""Most points an empirical distribution keeps in the scenario (quantiles of the sample)."""
MIN_TIMES = 200
"""Fewest times of a class for service factors by period to be estimated."""
QUANTILES = 200
"""Sample quantiles kept for the ECDF and QQ plots."""
FAMILIES = {"exponential": stats.expon, "gamma": stats.gamma, "lognormal": stats.lognorm,
            "weibull": stats.weibull_min}
"""scipy families fitted, by the name the scenario uses."""


def positive(times: np.ndarray) -> tuple[np.ndarray, int]:
    """Times with zeros replaced by half the smallest positive time (recorded 0 s talks are
    rounded-down short ones), and how many were replaced."""
    times = np.asarray(times, dtype=float)
    zero = times <= 0
    if zero.any():
        times = np.where(zero, times[~zero].min() / 2, times)
    return times, int(zero.sum())


def family_spec(name: str, params: tuple) -> dict:
    """The scenario's ``dist`` mapping of a fitted scipy family (parameters from ``fit``)."""
    frozen = FAMILIES[name](*params)
    mean, sd = float(frozen.mean()), float(frozen.std())
    if name == "exponential":
        return {"dist": "exponential", "mean": _round(mean)}
    if name == "weibull":
        return {"dist": "weibull", "shape": _round(params[0]), "scale": _round(params[-1])}
    return {"dist": name, "mean": _round(mean), "cv": _round(sd / mean)}


def _round(value: float) -> float:
    return float(f"{value:.5g}")


def fit_family(name: str, data, exact, right=(), left=(), params: tuple | None = None) -> dict:
    """One family fitted with its origin at 0: parameters, log-likelihood, AIC and its mean.

    ``data`` is what scipy fits (the array ``exact``); ``params`` (scipy's order, loc 0) when
    they were fitted elsewhere, e.g. on censored data whose ``exact`` times, ``right``-censored
    lower bounds and ``left``-censored upper bounds give the log-likelihood reported.
    """
    family = FAMILIES[name]
    params = family.fit(data, floc=0) if params is None else params
    frozen = family(*params)
    loglik = float(np.sum(frozen.logpdf(exact)) + np.sum(frozen.logsf(right))
                   + np.sum(frozen.logcdf(left)))
    free = len(params) - 1  # loc is fixed
    return {"family": name, "params": tuple(float(p) for p in params), "loglik": loglik,
            "aic": 2 * free - 2 * loglik, "mean": float(frozen.mean()),
            "spec": family_spec(name, params)}


def fit_service_times(times: np.ndarray) -> dict:
    """Candidates, the chosen distribution and goodness-of-fit figures for one class's times.

    Returns a mapping with ``n``, ``mean`` (sample), ``zeros`` (replaced), ``candidates`` (each
    with ``aic``, ``ks``, ``ad``, ``mean_error``, ``kept``), ``chosen`` (a family name or
    ``"empirical"``), ``spec`` (the scenario mapping) and ``why`` (one line for provenance).
    """
    times, zeros = positive(times)
    sample_mean = float(times.mean())
    candidates = []
    for name in FAMILIES:
        candidate = fit_family(name, times, times)
        candidate["mean_error"] = candidate["mean"] / sample_mean - 1
        candidate["kept"] = abs(candidate["mean_error"]) <= MEAN_TOLERANCE
        candidate.update(_goodness(times, FAMILIES[name](*candidate["params"])))
        candidates.append(candidate)
    kept = sorted((c for c in candidates if c["kept"]), key=lambda c: c["aic"])
    result = {"n": len(times), "mean": sample_mean, "zeros": zeros, "candidates": candidates}
    if kept:
        best = kept[0]
        dropped = [c["family"] for c in candidates if not c["kept"]]
        why = f"{best['family']} (lowest AIC of the families keeping the mean within " \
              f"{MEAN_TOLERANCE:.0%}" + (f"; left out: {', '.join(dropped)})" if dropped else ")")
        return {**result, "chosen": best["family"], "spec": best["spec"], "why": why}
    spec = empirical_spec(times)
    return {**result, "chosen": "empirical", "spec": spec,
            "why": f"empirical (no family kept the mean within {MEAN_TOLERANCE:.0%})"}


def _goodness(times: np.ndarray, frozen) -> dict:
    """KS distance and Anderson–Darling statistic of ``times`` against a fitted distribution."""
    ks = float(stats.kstest(times, frozen.cdf).statistic)
    u = np.clip(np.sort(frozen.cdf(times)), 1e-12, 1 - 1e-12)
    n = len(u)
    i = np.arange(1, n + 1)
    ad = float(-n - np.sum((2 * i - 1) * (np.log(u) + np.log1p(-u[::-1]))) / n)
    return {"ks": ks, "ad": ad}


def empirical_spec(times: np.ndarray) -> dict:
    """An empirical distribution of the times: all of them, or ``EMPIRICAL_POINTS`` evenly
    spaced quantiles when there are more (their mean is within a fraction of a percent)."""
    times = np.sort(np.asarray(times, dtype=float))
    if len(times) > EMPIRICAL_POINTS:
        times = np.quantile(times, (np.arange(EMPIRICAL_POINTS) + 0.5) / EMPIRICAL_POINTS)
    return {"dist": "empirical", "values": [_round(t) for t in times]}


def service_factors(times: np.ndarray, periods: np.ndarray) -> dict[int, float]:
    """Factor per period (start, minutes after midnight): the period's mean over the overall
    mean, shrunk towards 1 by its sampling error, and scaled so the visits' mean factor is 1."""
    times = np.asarray(times, dtype=float)
    overall = times.mean()
    keys, index, sizes = np.unique(periods, return_inverse=True, return_counts=True)
    means = np.bincount(index, weights=times) / sizes
    within = np.sum((times - means[index]) ** 2) / max(len(times) - len(keys), 1)
    sampling = within / sizes  # pooled: a period's own few times say little of their spread
    between = max(0.0, float(np.average((means - overall) ** 2, weights=sizes)
                             - np.average(sampling, weights=sizes)))
    weight = between / (between + sampling) if between > 0 else np.zeros_like(sampling)
    factors = 1 + weight * (means / overall - 1)
    factors /= np.average(factors, weights=sizes)
    return {int(k): _round(f) for k, f in zip(keys, factors, strict=True)}


def fit_service(times: np.ndarray, periods: np.ndarray, by_period: bool = True) -> dict:
    """The service of one class: factors per period and the distribution of the times divided
    by them (see :func:`fit_service_times`); ``factors`` is empty when ``by_period`` is False,
    the class has fewer than ``MIN_TIMES`` times, or every factor is 1."""
    factors = service_factors(times, periods) if by_period and len(times) >= MIN_TIMES else {}
    if factors and all(math.isclose(f, 1.0, abs_tol=5e-3) for f in factors.values()):
        factors = {}
    divisor = np.array([factors.get(int(p), 1.0) for p in periods]) if factors else 1.0
    base = np.asarray(times, dtype=float) / divisor
    fitted = fit_service_times(base)
    fitted["factors"] = factors
    fitted["sample_quantiles"] = np.quantile(base, (np.arange(QUANTILES) + 0.5) / QUANTILES)
    return fitted
