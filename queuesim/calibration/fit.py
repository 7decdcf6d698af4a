"""``queuesim fit``: a hall learnt from its own visit log, as an ordinary scenario.

:func:`fit` runs the estimators in turn — outages (:mod:`.anomalies`), arrivals per class and
period with the day-to-day level (:mod:`.arrivals`), service times (:mod:`.service`), censored
patience (:mod:`.patience`), counters (:mod:`.counters`) and, where capacity is a profile, the
calibration of its level by simulation (:mod:`.calibrate`) — and writes the result with
:mod:`.hall`. It keeps everything the page ``fit.html`` shows in ``details`` and one line of
provenance per decision. :func:`write_fit` writes the YAML (commented with the provenance) and
the page, atomically. Times in minutes; rates per hour.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import i18n
from ..errors import ScenarioError
from . import hall
from .anomalies import describe_outages, find_outages, outage_cells
from .arrivals import ArrivalFit, count_cells, fit_arrivals
from .calibrate import calibrate_factors, observed_kpis, period_groups
from .counters import fit_counters
from .joining import SAME_INSTANT, fit_balking, fit_call_time, fit_missed_calls
from .patience import MIN_EVENTS, fit_patience
from .prepare import opening_hours, visits_frame
from .provenance import provenance_lines
from .service import fit_service

PERIODS = (15, 30, 60)
"""Allowed period lengths, minutes."""
SCENARIO_REPLICATIONS = 30
"""Days a run of the fitted scenario simulates unless told otherwise."""


@dataclass
class Fit:
    """A fitted hall: the scenario mapping, its provenance and what the page shows."""

    scenario: dict
    provenance: list[str]
    details: dict = field(default_factory=dict)


def fit(log, period: int = 60, name: str | None = None, calibrate: bool = True,
        replications: int = 20, seed: int = 0, workers: int | None = None,
        citation: str | None = None, notes: tuple[str, ...] = ()) -> Fit:
    """Learn a hall from a visit log (a :class:`queuesim.calibration.visitlog.VisitLog`).

    Parameters
    ----------
    period
        Length of the periods of the day rates and factors are given for, minutes (15, 30, 60).
    calibrate
        Calibrate the level of a capacity profile by simulation (see :mod:`.calibrate`) with
        ``replications`` simulated days from ``seed``.
    citation
        A line naming the data's source, written into the provenance.
    notes
        More provenance lines (e.g. which days were held out).
    """
    if period not in PERIODS:
        raise ScenarioError(f"--period: expected one of {', '.join(map(str, PERIODS))} "
                            f"minutes, found {period}")
    visits = visits_frame(log.table)
    if visits.empty:
        raise ScenarioError(i18n.say("msg.no_visits_to_fit"), log.source)
    hours = opening_hours(visits["joined"], period)
    late = (visits["joined"] >= hours[1]).to_numpy()
    visits = visits[~late].reset_index(drop=True)
    periods = np.arange(hours[0], hours[1], period)
    arrivals, outages = _arrivals(visits, period, periods)
    classes = sorted(visits["class"].unique())
    services = {name: _service(visits, name, period) for name in classes}
    patience = _patience(visits, classes)
    counters = fit_counters(visits[visits["outcome"] != "balked"], period, periods)
    served = visits.loc[visits["outcome"] == "served", "joined"] // period * period
    groups = period_groups(counters.capacity, served.value_counts())
    details = {"period": period, "hours": hours, "classes": classes, "arrivals": arrivals,
               "outages": outages, "services": services, "patience": patience,
               "counters": counters, "late": int(late.sum()), "log": log,
               "groups": groups, "observed": observed_kpis(visits, hours, groups, period),
               "rows_used": len(visits),
               "priorities": visits.groupby("class")["priority"].max().to_dict(),
               "ticket": _is_ticket_hall(visits), "no_show_share": _no_show_share(visits),
               "balking": fit_balking(visits)}
    details["missed_calls"] = fit_missed_calls(visits) if details["ticket"] else None
    details["call_time"] = fit_call_time(visits) if details["ticket"] else None
    build = _builder(details, name or f"Hall fitted from {Path(log.source).name}")
    details["factors"], details["calibration"] = _calibrate(details, build, calibrate,
                                                            replications, seed, workers)
    details["factor"] = None if details["factors"] is None else details["factors"]["day"]
    scenario = build(details["factors"])
    lines = provenance_lines(details, describe_outages(outages), citation)
    return Fit(scenario, [*lines[:1], *notes, *lines[1:]], details)


def _is_ticket_hall(visits: pd.DataFrame) -> bool:
    """A log with numbers called and not answered: no-shows, or served visits first called
    before their service started (a missed call, then a recall)."""
    missed = (visits["start"] - visits["called"]) > SAME_INSTANT
    return bool((visits["outcome"] == "no_show").any() or missed.any())


def _no_show_share(visits: pd.DataFrame) -> float:
    """Share of the numbers called whose holder was not there (ticket halls; 0 otherwise)."""
    called = visits["outcome"].isin(["served", "no_show"]).sum()
    return float((visits["outcome"] == "no_show").sum() / called) if called else 0.0


def _arrivals(visits: pd.DataFrame, period: int, periods: np.ndarray) -> tuple[ArrivalFit,
                                                                                 pd.DataFrame]:
    """Arrival rates with outages found on a first fit and left out of the second."""
    args = (visits["joined"], visits["day"], visits["class"], period, periods)
    first = fit_arrivals(count_cells(*args), period)
    rates = first.rates.sum(axis=1) / 60.0
    outages = find_outages(visits["joined"], visits["day"], rates, period)
    return fit_arrivals(count_cells(*args, outage_cells(outages, period)), period), outages


def _service(visits: pd.DataFrame, name: str, period: int) -> dict:
    """Service of one class from its served visits (periods by time of joining); a class with
    no served visit of its own takes the service of all classes together."""
    served = visits[visits["outcome"] == "served"]
    own = served[served["class"] == name]
    pooled = len(own) == 0 or (own["end"] - own["start"]).max() <= 0
    chosen = served if pooled else own
    times = (chosen["end"] - chosen["start"]).to_numpy(float)
    if len(times) == 0 or times.max() <= 0:
        raise ScenarioError("no served visit with a service time to fit", None)
    fitted = fit_service(times, (chosen["joined"] // period * period).to_numpy(int))
    if pooled:
        fitted["why"] += " (pooled over classes: no served visit of its own)"
    return fitted


def _patience(visits: pd.DataFrame, classes: list[str]) -> dict:
    """Patience per class: its own censored fit when enough gave up, else the pooled one; no
    patience at all when nobody ever gave up."""
    pooled = _patience_of(visits)
    fits = {}
    for name in classes:
        own = visits[visits["class"] == name]
        events = int((own["outcome"].isin(["abandoned", "no_show"])
                      & own["gone"].notna()).sum())  # the patiences seen to end
        fits[name] = _patience_of(own) if events >= MIN_EVENTS else pooled
    return {"pooled": pooled, **fits}


def _patience_of(visits: pd.DataFrame) -> dict | None:
    """Censored patience of some visits; one who gave up with no time of leaving (a log
    without ``left``) tells no patience and is left out of the fit."""
    exact = visits.loc[(visits["outcome"] == "abandoned") & visits["gone"].notna(),
                       ["gone", "joined"]]
    served = visits.loc[visits["outcome"] == "served", ["start", "joined"]]
    absent = visits.loc[visits["outcome"] == "no_show", ["gone", "joined"]]
    if len(exact) + len(absent) == 0:
        return None
    return fit_patience((exact["gone"] - exact["joined"]).to_numpy(float),
                        (served["start"] - served["joined"]).to_numpy(float),
                        (absent["gone"] - absent["joined"]).to_numpy(float))


def _builder(details: dict, name: str):
    """The function factors ↦ scenario mapping (``{part of the day: factor}``; None: the
    counters seen, listed)."""
    classes, periods = details["classes"], np.arange(*details["hours"], details["period"])
    arrivals = details["arrivals"]
    customers = hall.customers_section(classes, details["priorities"], details["services"],
                                       details["patience"], periods)
    per_class = {c: hall.steps(arrivals.rates[c], periods, 0.0) for c in classes}
    demand = arrivals.rates.sum(axis=1)
    description = "Learnt from a visit log by queuesim fit; see the comments above."

    def build(factors: dict[str, float] | None) -> dict:
        factor = None if factors is None else details["groups"].map(factors).to_numpy(float)
        counters = hall.counters_section(details["counters"], factor, demand, classes,
                                         details["period"])
        return hall.scenario_mapping(name, description, details["hours"], customers,
                                     per_class, arrivals.dispersion["cv"], counters,
                                     details["ticket"], SCENARIO_REPLICATIONS,
                                     details["balking"], hall.ticket_rules(details))

    return build


def _calibrate(details: dict, build, calibrate: bool, replications: int, seed: int,
               workers: int | None) -> tuple[dict[str, float] | None, list[dict]]:
    """The calibration factors of a capacity profile, per part of the day (None: counters
    listed as seen)."""
    if details["counters"].seen_are_open:
        return None, []
    parts = sorted(set(details["groups"]))
    targets = {part: float(details["observed"][f"wait_{part}"].mean())
               if f"wait_{part}" in details["observed"] else math.nan for part in parts}
    if not calibrate or not any(np.isfinite(wait) and wait > 0 for wait in targets.values()):
        return dict.fromkeys(parts, 1.0), []
    return calibrate_factors(build, targets, details["groups"], details["period"],
                             replications, seed, workers)


def fit_text(fitted: Fit) -> str:
    """The fitted scenario as YAML, headed by its provenance as comments."""
    header = "".join(f"# {line}\n" for line in fitted.provenance)
    body = yaml.safe_dump(fitted.scenario, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def write_fit(fitted: Fit, out: str | Path) -> tuple[Path, Path]:
    """Write ``out`` (the scenario YAML) and ``fit.html`` beside it; both are written to
    temporary files first and renamed into place, so a failure leaves nothing half-written.
    Returns the two paths."""
    from .fit_report import fit_page

    target = Path(out)
    page_path = target.with_name("fit.html")
    texts = {target: fit_text(fitted), page_path: fit_page(fitted)}
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = []
    try:
        for path, text in texts.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
            staged.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(temporary, 0o644)
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
    return target, page_path


def split_days(log, holdout: float):
    """The earlier days (to fit) and the latest ``holdout`` share of them (to check the fit
    on), or the whole log and None when ``holdout`` is 0."""
    if holdout <= 0:
        return log, None
    days = log.days
    later = round(holdout * len(days))
    if later < 1 or later >= len(days):
        raise ScenarioError(i18n.say("msg.holdout_days", holdout=f"{holdout:g}",
                                     days=len(days), fit=len(days) - later, check=later),
                            log.source)
    cut = pd.Timestamp(days[len(days) - later])
    table = log.table
    return (dataclasses.replace(log, table=table[table["day"] < cut].reset_index(drop=True)),
            dataclasses.replace(log, table=table[table["day"] >= cut].reset_index(drop=True)))
