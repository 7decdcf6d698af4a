"""Probability distributions of service times and patience, in minutes.

Each distribution is a small frozen pydantic model: the scenario file names it with ``dist:`` and
its parameters, and the same object knows its ``mean`` and ``variance`` (the tests compare the
simulator with theory through them) and draws samples.

Every sample is drawn by inversion, ``quantile(u)`` of a uniform ``u``. That is deliberate: with
common random numbers, customer *k* gets the same ``u`` in two compared configurations, so a
longer service time stays longer (monotone coupling) even when the distribution's parameters
differ between the two, which makes paired comparisons sharper.
"""

from __future__ import annotations

import importlib
import math
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, Field, model_validator

from .limits import FINITE, MAX_MINUTES, MAX_WEIGHT


class _ImportedOnUse:
    """A module imported when first used: reading and checking a scenario needs no scipy
    (about half a second to import), only sampling and the distribution functions do."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)


special, stats = _ImportedOnUse("scipy.special"), _ImportedOnUse("scipy.stats")


_MINUTES = " (at most a day, 1,440)"


class _Distribution(BaseModel):
    """Common interface: ``mean``, ``variance``, ``quantile(u)`` and ``sample(rng, size)``."""

    model_config = FINITE

    @property
    def mean(self) -> float:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @property
    def variance(self) -> float:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @property
    def cv(self) -> float:
        """Coefficient of variation, standard deviation over mean."""
        return math.sqrt(self.variance) / self.mean if self.mean > 0 else 0.0

    def quantile(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - every subclass overrides
        """Values (minutes) whose cumulative probability is ``u`` (each in [0, 1))."""
        raise NotImplementedError

    def cdf(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - every subclass overrides
        """Probability, in [0, 1], that a time is at most ``x`` minutes (0 for negative ``x``)."""
        raise NotImplementedError

    def survival(self, x: np.ndarray) -> np.ndarray:
        """Probability that a time exceeds ``x`` minutes, ``1 - cdf(x)``.

        Its integral over x from 0 to infinity is the mean, and ``rate * survival(u)`` is the
        density of customers still in service ``u`` minutes after arriving at a counter, which
        is what the infinite-server (offered) load of the staffing layer is built from.
        """
        return 1.0 - self.cdf(x)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` independent draws, in minutes, from ``rng``."""
        return self.quantile(rng.random(size))

    def describe(self) -> str:
        """Short human description such as ``exponential(mean 6 min)``."""
        params = ", ".join(f"{k} {v}" for k, v in self.model_dump(exclude={"dist"}).items())
        return f"{self.dist}({params})"  # type: ignore[attr-defined]


class Exponential(_Distribution):
    """Memoryless times: the classic M of queueing theory."""

    dist: Literal["exponential"]
    mean_: float = Field(alias="mean", gt=0, le=MAX_MINUTES,
                         description="Mean, minutes" + _MINUTES)

    @property
    def mean(self) -> float:
        return self.mean_

    @property
    def variance(self) -> float:
        return self.mean_**2

    def quantile(self, u):
        return -self.mean_ * np.log1p(-u)

    def cdf(self, x):
        return -np.expm1(-np.maximum(np.asarray(x, dtype=float), 0.0) / self.mean_)

    def describe(self) -> str:
        return f"exponential(mean {self.mean_:g} min)"


class Deterministic(_Distribution):
    """Always the same time (the D of M/D/1)."""

    dist: Literal["deterministic"]
    mean_: float = Field(alias="mean", ge=0, le=MAX_MINUTES,
                         description="The time, minutes" + _MINUTES)

    @property
    def mean(self) -> float:
        return self.mean_

    @property
    def variance(self) -> float:
        return 0.0

    def quantile(self, u):
        return np.full(np.shape(u), self.mean_)

    def cdf(self, x):
        return (np.asarray(x, dtype=float) >= self.mean_).astype(float)

    def describe(self) -> str:
        return f"deterministic({self.mean_:g} min)"


class Uniform(_Distribution):
    """Equally likely anywhere between ``low`` and ``high``."""

    dist: Literal["uniform"]
    low: float = Field(ge=0, le=MAX_MINUTES,
                       description="Shortest time, minutes" + _MINUTES)
    high: float = Field(gt=0, le=MAX_MINUTES,
                        description="Longest time, minutes" + _MINUTES)

    @model_validator(mode="after")
    def _ordered(self):
        if self.high <= self.low:
            raise ValueError(f"high ({self.high}) must be above low ({self.low})")
        return self

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2

    @property
    def variance(self) -> float:
        return (self.high - self.low) ** 2 / 12

    def quantile(self, u):
        return self.low + u * (self.high - self.low)

    def cdf(self, x):
        return np.clip((np.asarray(x, dtype=float) - self.low) / (self.high - self.low), 0.0, 1.0)


class Triangular(_Distribution):
    """Shortest, most likely and longest time: easy to elicit from staff."""

    dist: Literal["triangular"]
    low: float = Field(ge=0, le=MAX_MINUTES,
                       description="Shortest time, minutes" + _MINUTES)
    mode: float = Field(ge=0, le=MAX_MINUTES,
                        description="Most likely time, minutes" + _MINUTES)
    high: float = Field(gt=0, le=MAX_MINUTES,
                        description="Longest time, minutes" + _MINUTES)

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise ValueError(f"need low <= mode <= high and low < high, found "
                             f"{self.low}, {self.mode}, {self.high}")
        return self

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    @property
    def variance(self) -> float:
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18

    def quantile(self, u):
        a, c, b = self.low, self.mode, self.high
        split = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.where(u < split, left, right)

    def cdf(self, x):
        a, c, b = self.low, self.mode, self.high
        x = np.clip(np.asarray(x, dtype=float), a, b)
        # A side of zero width (mode at low or at high) is never used: no division by zero.
        left = (x - a) ** 2 / ((b - a) * (c - a)) if c > a else np.zeros_like(x)
        right = 1 - (b - x) ** 2 / ((b - a) * (b - c)) if b > c else np.ones_like(x)
        return np.where(x < c, left, right)


class Normal(_Distribution):
    """A normal time truncated at 0 (a time cannot be negative).

    ``mean`` and ``sd`` are those of the normal before truncation; the properties ``mean`` and
    ``variance`` report the truncated distribution's, which is what the simulator produces.
    """

    dist: Literal["normal"]
    mean_: float = Field(alias="mean", gt=0, le=MAX_MINUTES,
                         description="Mean before truncation, minutes" + _MINUTES)
    sd: float = Field(gt=0, le=MAX_MINUTES,
                      description="Standard deviation before truncation, minutes" + _MINUTES)

    def _frozen(self):
        return stats.truncnorm(-self.mean_ / self.sd, np.inf, loc=self.mean_, scale=self.sd)

    @property
    def mean(self) -> float:
        return float(self._frozen().mean())

    @property
    def variance(self) -> float:
        return float(self._frozen().var())

    def quantile(self, u):
        low = special.ndtr(-self.mean_ / self.sd)
        return self.mean_ + self.sd * special.ndtri(low + u * (1 - low))

    def cdf(self, x):
        low = special.ndtr(-self.mean_ / self.sd)
        x = np.maximum(np.asarray(x, dtype=float), 0.0)
        return np.clip((special.ndtr((x - self.mean_) / self.sd) - low) / (1 - low), 0.0, 1.0)

    def describe(self) -> str:
        return f"normal(mean {self.mean_:g}, sd {self.sd:g} min, truncated at 0)"


class _MeanCv(_Distribution):
    """Shared parameters of the distributions given by mean and coefficient of variation."""

    mean_: float = Field(alias="mean", gt=0, le=MAX_MINUTES,
                         description="Mean, minutes" + _MINUTES)
    cv_: float = Field(alias="cv", ge=0.01, le=MAX_WEIGHT,
                       description="Coefficient of variation (sd / mean), from 0.01 to 100 "
                       "(for fixed times use deterministic).")

    @property
    def mean(self) -> float:
        return self.mean_

    @property
    def variance(self) -> float:
        return (self.cv_ * self.mean_) ** 2

    def describe(self) -> str:
        return f"{self.dist}(mean {self.mean_:g} min, cv {self.cv_:g})"  # type: ignore[attr-defined]


class LogNormal(_MeanCv):
    """Right-skewed times, common for transactions at a counter."""

    dist: Literal["lognormal"]

    def quantile(self, u):
        sigma2 = math.log1p(self.cv_**2)
        mu = math.log(self.mean_) - sigma2 / 2
        return np.exp(mu + math.sqrt(sigma2) * special.ndtri(u))

    def cdf(self, x):
        sigma2 = math.log1p(self.cv_**2)
        mu = math.log(self.mean_) - sigma2 / 2
        x = np.asarray(x, dtype=float)
        positive = x > 0
        z = (np.log(np.where(positive, x, 1.0)) - mu) / math.sqrt(sigma2)
        return np.where(positive, special.ndtr(z), 0.0)


class Gamma(_MeanCv):
    """Gamma times; cv 1 is exponential, cv below 1 more regular."""

    dist: Literal["gamma"]

    def quantile(self, u):
        shape = 1 / self.cv_**2
        return special.gammaincinv(shape, u) * (self.mean_ / shape)

    def cdf(self, x):
        shape = 1 / self.cv_**2
        return special.gammainc(shape, np.maximum(np.asarray(x, dtype=float), 0.0) * shape
                                / self.mean_)


class Erlang(_Distribution):
    """Sum of ``k`` exponential phases: a gamma with whole shape, cv = 1/sqrt(k)."""

    dist: Literal["erlang"]
    k: int = Field(ge=1, le=1_000, description="Number of phases (at most 1,000).")
    mean_: float = Field(alias="mean", gt=0, le=MAX_MINUTES,
                         description="Mean of the whole, minutes" + _MINUTES)

    @property
    def mean(self) -> float:
        return self.mean_

    @property
    def variance(self) -> float:
        return self.mean_**2 / self.k

    def quantile(self, u):
        return special.gammaincinv(self.k, u) * (self.mean_ / self.k)

    def cdf(self, x):
        scaled = np.maximum(np.asarray(x, dtype=float), 0.0) * (self.k / self.mean_)
        return special.gammainc(self.k, scaled)

    def describe(self) -> str:
        return f"erlang(k {self.k}, mean {self.mean_:g} min)"


class Empirical(_Distribution):
    """Resampling of observed times: each observed value equally likely."""

    dist: Literal["empirical"]
    values: list[Annotated[float, Field(ge=0, le=MAX_MINUTES)]] = Field(
        min_length=1, description="Observed times, minutes" + _MINUTES
    )

    @model_validator(mode="after")
    def _not_all_zero(self):
        if max(self.values) <= 0:
            raise ValueError("all observed values are 0")
        return self

    @property
    def mean(self) -> float:
        return float(np.mean(self.values))

    @property
    def variance(self) -> float:
        return float(np.var(self.values))

    def quantile(self, u):
        values = np.sort(np.asarray(self.values, dtype=float))  # sorted: monotone in u
        index = np.minimum((np.asarray(u) * len(values)).astype(int), len(values) - 1)
        return values[index]

    def cdf(self, x):
        """Share of the observed values at most ``x``: a step function."""
        values = np.sort(np.asarray(self.values, dtype=float))
        return np.searchsorted(values, np.asarray(x, dtype=float), side="right") / len(values)

    def describe(self) -> str:
        return f"empirical({len(self.values)} values, mean {self.mean:.3g} min)"


class Truncated(_Distribution):
    """Another distribution restricted to [low, high): the short (or long) transactions of a
    class, e.g. the customers an express counter takes."""

    dist: Literal["truncated"]
    of: Distribution = Field(description="The distribution to restrict.")
    low: float = Field(0.0, ge=0, le=MAX_MINUTES,
                       description="Shortest time kept, minutes" + _MINUTES)
    high_: float | None = Field(None, alias="high", gt=0, le=MAX_MINUTES,
                                description="Times from here on are left out, minutes (none: no "
                                "upper limit)" + _MINUTES)

    @property
    def high(self) -> float:
        """Upper end of the kept range, minutes (infinite when ``high`` is not given)."""
        return math.inf if self.high_ is None else self.high_

    @model_validator(mode="after")
    def _keeps_something(self):
        if self.high <= self.low or self.share <= 0:
            raise ValueError(f"nothing of {self.of.describe()} lies in [{self.low:g}, "
                             f"{self.high:g})")
        return self

    @property
    def share(self) -> float:
        """Probability mass of the original distribution kept."""
        low, high = self.of.cdf(np.array([self.low, self.high]))
        return float(high - low)

    def quantile(self, u):
        low, high = self.of.cdf(np.array([self.low, self.high]))
        return self.of.quantile(np.minimum(low + np.asarray(u) * (high - low), np.nextafter(1, 0)))

    def cdf(self, x):
        low, high = self.of.cdf(np.array([self.low, self.high]))
        inside = self.of.cdf(np.clip(np.asarray(x, float), self.low, self.high))
        return (inside - low) / (high - low)

    def _moments(self) -> tuple[float, float]:
        values = self.quantile((np.arange(20_000) + 0.5) / 20_000)  # midpoint rule in u
        return float(values.mean()), float(values.var())

    @property
    def mean(self) -> float:
        return self._moments()[0]

    @property
    def variance(self) -> float:
        return self._moments()[1]

    def describe(self) -> str:
        return f"{self.of.describe()} within [{self.low:g}, {self.high:g}) min"


Distribution = Annotated[
    Exponential | Deterministic | Uniform | Triangular | Normal | LogNormal | Gamma | Erlang
    | Empirical | Truncated,
    Field(discriminator="dist"),
]
"""Any distribution, chosen in YAML by its ``dist`` field."""

Truncated.model_rebuild()

DISTRIBUTION_NAMES = ("exponential", "deterministic", "uniform", "triangular", "normal",
                      "lognormal", "gamma", "erlang", "empirical", "truncated")
