"""Argument checks shared by the theory formulas: clear ValueErrors for impossible inputs."""

from __future__ import annotations

import math

import numpy as np


def _require_servers(servers: int) -> int:
    if isinstance(servers, bool) or not isinstance(servers, (int, np.integer)) or servers < 1:
        raise ValueError(f"servers must be a whole number >= 1, got {servers!r}")
    return int(servers)


def _require_service_level(service_level: float) -> float:
    if not 0 <= service_level < 1:
        raise ValueError(
            f"service_level must lie in [0, 1) (no staff serves everyone within a finite wait), "
            f"got {service_level!r}"
        )
    return float(service_level)


def _require_nonnegative(name: str, value: float) -> float:
    if not 0 <= value < math.inf:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def _require_duration(name: str, value: float) -> float:
    if not value >= 0:
        raise ValueError(f"{name} must be >= 0 minutes (math.inf allowed), got {value!r}")
    return float(value)


def _require_positive(name: str, value: float) -> float:
    if not 0 < value < math.inf:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def _require_patience(patience_mean: float) -> float:
    if not patience_mean > 0:
        raise ValueError(
            f"patience_mean must be > 0 minutes (math.inf allowed), got {patience_mean!r}"
        )
    return float(patience_mean)


def _offered_load(arrival_rate: float, service_mean: float) -> float:
    rate = _require_nonnegative("arrival_rate", arrival_rate)
    return rate * _require_positive("service_mean", service_mean)
