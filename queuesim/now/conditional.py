"""Time still to go for something already under way: S − e given S > e.

At the instant the hall is looked at, a customer who has been at a counter for e minutes needs
S − e more, where S is the class's service time *conditioned* on S > e; a customer who has waited
w minutes stays at most P − w more, P the patience conditioned on P > w. Ignoring the condition
(drawing a fresh S) would understate the work left whenever service times are more variable
than exponential, and overstate it when they are more regular.

Draws are by inversion, like every draw in queuesim (monotone in the uniform, so common random
numbers keep their coupling): for a uniform u, x = F⁻¹(F(e) + u·(1 − F(e))). Far in the tail
F(e) is within rounding of 1 and that sum loses every digit, so the distributions whose survival
function scipy gives exactly use the complementary form x = F̄⁻¹((1 − u)·F̄(e)) — scipy's ``isf``
of ``(1 − u)·sf(e)`` — instead. The exponential is memoryless: the remainder is a fresh draw.
Times in minutes.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from .. import distributions as d


def remaining(dist, elapsed, u) -> np.ndarray:
    """Minutes still to go, S − e given S > e, for each ``elapsed`` e and uniform ``u``.

    Parameters
    ----------
    dist
        A distribution of :mod:`queuesim.distributions` (None: never ends, the result is inf).
    elapsed
        Minutes already gone, one per draw (or one for all).
    u
        Uniforms in [0, 1), one per draw.

    An elapsed time the distribution cannot reach (a deterministic 5 minutes already 6 minutes
    under way) leaves nothing to go: 0.
    """
    u = np.asarray(u, dtype=float)
    elapsed = np.broadcast_to(np.maximum(np.asarray(elapsed, dtype=float), 0.0), u.shape)
    if dist is None:
        return np.full(u.shape, math.inf)
    tail = _TAILS.get(type(dist))
    end = tail(dist, elapsed, 1.0 - u) if tail else _by_cdf(dist, elapsed, u)
    left = np.asarray(end, dtype=float) - elapsed
    return np.where(np.isfinite(left), np.maximum(left, 0.0), 0.0)


def _by_cdf(dist, elapsed, u):
    """The end time by F⁻¹(F(e) + u·(1 − F(e))): exact wherever F(e) is not within rounding
    of 1 (bounded or resampled distributions, whose tails end)."""
    done = dist.cdf(elapsed)
    level = np.minimum(done + u * (1.0 - done), np.nextafter(1.0, 0.0))
    return np.where(done < 1.0, dist.quantile(level), elapsed)


def _exponential(dist, elapsed, survive):
    return elapsed - dist.mean * np.log(survive)


def _deterministic(dist, elapsed, survive):
    return np.full(elapsed.shape, dist.mean)


def _normal(dist, elapsed, survive):
    """Normal truncated at 0: the truncation's constant cancels in the ratio of survivals."""
    mean, sd = dist.mean_, dist.sd
    return mean - sd * special.ndtri(survive * special.ndtr((mean - elapsed) / sd))


def _lognormal(dist, elapsed, survive):
    sigma = math.sqrt(math.log1p(dist.cv_**2))
    mu = math.log(dist.mean_) - sigma**2 / 2
    with np.errstate(divide="ignore"):
        z = (np.log(elapsed) - mu) / sigma  # -inf at 0: survival 1
    return np.exp(mu - sigma * special.ndtri(survive * special.ndtr(-z)))


def _gamma_shape_scale(dist) -> tuple[float, float]:
    shape = dist.k if isinstance(dist, d.Erlang) else 1 / dist.cv_**2
    return shape, dist.mean_ / shape


def _gamma(dist, elapsed, survive):
    shape, scale = _gamma_shape_scale(dist)
    return scale * special.gammainccinv(shape, survive * special.gammaincc(shape, elapsed / scale))


def _weibull(dist, elapsed, survive):
    """sf(x) = exp(−(x/λ)^k): the end solves (x/λ)^k = (e/λ)^k − log(1 − u)."""
    return dist.scale * ((elapsed / dist.scale) ** dist.shape - np.log(survive)) ** (1 / dist.shape)


_TAILS = {d.Exponential: _exponential, d.Deterministic: _deterministic, d.Normal: _normal,
          d.LogNormal: _lognormal, d.Gamma: _gamma, d.Erlang: _gamma, d.Weibull: _weibull}
"""The end time S given S > e from the survival probability ``survive`` = 1 − u, where scipy has
the exact survival function and its inverse; the rest go by the CDF (:func:`_by_cdf`)."""
