"""Patience learnt from a visit log, as a survival problem.

Patience is seen exactly only for those who gave up (the time from joining to leaving). A
served customer waited ``w`` and would have waited longer: their patience is right-censored at
``w``. In a ticket hall a no-show is found gone only when called: their patience lies in
(0, called − arrived] (interval-censored, i.e. left-censored at the call). The mean of the
exact patiences alone is badly biased downwards (the patient ones are served and never give up),
so the families are fitted by censored maximum likelihood, chosen by AIC, and checked against
the Kaplan–Meier estimate (``scipy.stats.ecdf`` on ``scipy.stats.CensoredData``) when the data
are right-censored only. The likelihood is maximised over the log-parameters with
``scipy.optimize.minimize`` on the *distinct* times with their counts (waits are recorded to the
second: a month of calls has a few hundred distinct values, not tens of thousands), which gives
the same estimates as ``scipy.stats.<dist>.fit(CensoredData)`` at a fraction of the cost
(``tests/test_fit_estimators.py`` checks the two agree). Times in minutes.
"""

from __future__ import annotations

import warnings

import numpy as np
from pydantic import TypeAdapter, ValidationError
from scipy import optimize, special, stats

from ..distributions import Distribution
from ..limits import MAX_MINUTES
from .service import FAMILIES, fit_family

MIN_EVENTS = 30
"""Fewest exact patiences (people who gave up) for a class to get its own fit."""
SURVIVAL_POINTS = 200
"""Points of the survival curves kept for the report."""
_DISTRIBUTION = TypeAdapter(Distribution)


def censored_parts(exact: np.ndarray, right: np.ndarray,
                   left: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The censored sample: exact patiences, lower bounds (served: their wait) and upper
    bounds (no-shows: the time to their call). Zero times become half the smallest positive
    time; zero lower bounds carry no information and are left out."""
    exact = np.asarray(exact, dtype=float)
    right = np.asarray(right, dtype=float)
    right = right[right > 0]
    left = np.zeros(0) if left is None else np.asarray(left, dtype=float)
    smallest = min([a[a > 0].min() for a in (exact, right, left) if (a > 0).any()], default=1.0)
    exact = np.where(exact > 0, exact, smallest / 2)
    left = np.where(left > 0, left, smallest / 2)
    return exact, right, left


def fit_patience(exact: np.ndarray, right: np.ndarray, left: np.ndarray | None = None) -> dict:
    """Censored fits of every family, the one with the lowest AIC, and the checks.

    Returns ``events``, ``censored``, ``naive_mean`` (mean of the exact times: biased, shown
    only to say by how much), ``candidates``, ``chosen``, ``spec`` (the scenario mapping),
    ``mean`` (of the chosen fit) and ``km`` (Kaplan–Meier times and survival, or None when the
    data are interval-censored), ``curves`` (the fitted survival on the same times).
    """
    parts = censored_parts(exact, right, left)
    data = stats.CensoredData(uncensored=parts[0], right=parts[1], left=parts[2])
    candidates = []
    for name in FAMILIES:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                params = censored_mle(name, *parts)
                candidates.append(fit_family(name, None, *parts, params=params))
        except (ValueError, RuntimeError, FloatingPointError):  # a family that does not converge
            continue
    usable = [c for c in candidates if np.isfinite(c["aic"]) and _is_scenario_value(c)]
    best = min(usable, key=lambda c: c["aic"])
    km = None if len(parts[2]) else kaplan_meier(data)
    grid = km[0] if km is not None else _grid(*parts)
    curves = {c["family"]: FAMILIES[c["family"]](*c["params"]).sf(grid) for c in usable}
    exact = np.asarray(exact, dtype=float)
    return {"events": len(exact), "censored": len(parts[1]) + len(parts[2]),
            "naive_mean": float(exact.mean()) if len(exact) else float("nan"),
            "candidates": candidates, "chosen": best["family"], "spec": best["spec"],
            "mean": best["mean"], "km": km, "grid": grid, "curves": curves}


def _is_scenario_value(candidate: dict) -> bool:
    """Whether a fitted family is a distribution a scenario accepts, with a mean of at most a
    day. Under heavy censoring — few give up, within waits much shorter than patience — the
    likelihood of a two-parameter family can rise without bound towards an absurd mean; such a
    family is not a fit."""
    if not np.isfinite(candidate["mean"]) or candidate["mean"] > MAX_MINUTES:
        return False
    try:
        _DISTRIBUTION.validate_python(candidate["spec"])
    except ValidationError:
        return False
    return True


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.unique(np.asarray(values, dtype=float), return_counts=True)


def censored_mle(name: str, exact: np.ndarray, right: np.ndarray, left: np.ndarray) -> tuple:
    """Maximum-likelihood parameters (scipy's order, loc 0) of a family on censored times."""
    groups = [(*_distinct(values), method) for values, method in
              ((exact, "logpdf"), (right, "logsf"), (left, "logcdf")) if len(values)]
    events = max(len(exact) + len(left), 1)
    guess = (np.sum(exact) + np.sum(right) + np.sum(left) / 2) / events  # exponential-like
    shapes = 0 if name == "exponential" else 1

    def unpack(theta):
        return (*np.exp(theta[:shapes]), 0.0, float(np.exp(theta[-1])))

    def negative(theta):
        params = unpack(theta)
        total = sum(np.dot(counts, log_density(name, method, values, params))
                    for values, counts, method in groups)
        return -total if np.isfinite(total) else 1e300

    start = np.array([0.0] * shapes + [np.log(guess)])
    best = optimize.minimize(negative, start, method="Nelder-Mead",
                             options={"xatol": 1e-6, "fatol": 1e-8, "maxiter": 2000})
    return unpack(best.x)


def log_density(name: str, method: str, x: np.ndarray, params: tuple) -> np.ndarray:
    """``logpdf``, ``logsf`` or ``logcdf`` of a family (scipy's parameters, loc 0) at ``x``,
    in closed form: what ``getattr(FAMILIES[name](*params), method)(x)`` gives, without the
    cost of building a frozen distribution at every step of the optimiser."""
    scale = params[-1]
    if name == "lognormal":
        sigma = params[0]
        z = (np.log(x) - np.log(scale)) / sigma
        if method == "logpdf":
            return -np.log(x * sigma) - 0.5 * np.log(2 * np.pi) - z * z / 2
        return special.log_ndtr(-z if method == "logsf" else z)
    if name == "gamma":
        shape, z = params[0], x / scale
        if method == "logpdf":
            return (shape - 1) * np.log(z) - z - special.gammaln(shape) - np.log(scale)
        return np.log(special.gammaincc(shape, z) if method == "logsf"
                      else special.gammainc(shape, z))
    shape = 1.0 if name == "exponential" else params[0]  # exponential: Weibull of shape 1
    power = (x / scale) ** shape
    if method == "logpdf":
        return np.log(shape / scale) + (shape - 1) * np.log(x / scale) - power
    return -power if method == "logsf" else np.log(-np.expm1(-power))


def kaplan_meier(data: stats.CensoredData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kaplan–Meier survival at up to ``SURVIVAL_POINTS`` times, with a 95 % lower and upper
    band stacked as the third item (rows low, high)."""
    result = stats.ecdf(data)
    times = result.sf.quantiles
    if len(times) > SURVIVAL_POINTS:
        times = np.quantile(times, np.linspace(0, 1, SURVIVAL_POINTS))
    with warnings.catch_warnings():
        # the band is undefined where survival reaches 0 or 1 (scipy warns and gives NaN
        # there); it is only drawn on the fit's page, never used in the fitted scenario
        warnings.filterwarnings("ignore", "The confidence interval is undefined",
                                RuntimeWarning)
        interval = result.sf.confidence_interval()
    band = np.vstack([interval.low.evaluate(times), interval.high.evaluate(times)])
    return times, result.sf.evaluate(times), band


def _grid(*samples) -> np.ndarray:
    """Times to draw survival curves at when there is no Kaplan–Meier estimate, minutes."""
    values = np.concatenate([np.asarray(s, dtype=float) for s in samples if s is not None])
    return np.linspace(0, float(np.quantile(values, 0.99)), SURVIVAL_POINTS)
