"""The provenance of a fitted hall: one plain line per source, choice and check.

These lines head the fitted scenario file as comments, so whoever opens ``hall.yaml`` later
sees what it was learnt from (rows read, used and skipped with the reason, days, date range),
how each part was chosen, and what the log could not tell.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..clock import format_time

ANONYMOUS_BANK_CITATION = (
    "Data: the Anonymous Bank call centre (Technion, Service Enterprise Engineering lab; "
    "Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn and Zhao, \"Statistical analysis of a "
    "telephone call center: a queueing-science perspective\", JASA 100 (2005) 36-50).")
"""What to cite when a hall is learnt from the Anonymous Bank data."""


def provenance_lines(details: dict, outages: list[str], citation: str | None) -> list[str]:
    """Every provenance line of a fit, in the order a reader needs them."""
    return [*_source(details, citation), *_arrivals(details), *outages, *_services(details),
            *_patience(details), *_joining(details), *_counters(details)]


def _source(details: dict, citation: str | None) -> list[str]:
    log = details["log"]
    days = sorted(pd.Timestamp(d) for d in log.table["day"].unique())
    lines = [f"Learnt by queuesim fit from {Path(log.source).name}: {log.rows_read} rows read, "
             f"{details['rows_used']} visits used."]
    lines += [f"Skipped {count} rows: {reason}." for reason, count in log.skipped.items()
              if count]
    if details["late"]:
        lines.append(f"Left out {details['late']} visits that joined after the last period "
                     f"(past midnight).")
    weekdays = [name for _, name in sorted({((d.weekday() + 1) % 7, d.strftime("%a"))
                                            for d in days})]  # Sunday first
    lines.append(f"{len(days)} days, {days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d} "
                 f"({', '.join(weekdays)}); periods of {details['period']} min, "
                 f"{format_time(details['hours'][0])}-{format_time(details['hours'][1])}.")
    return [*([citation] if citation else []), *lines]


def _arrivals(details: dict) -> list[str]:
    test = details["arrivals"].dispersion
    if not test["df"]:
        return ["Arrivals: one day only, so how days differ cannot be told (day_to_day_cv 0)."]
    verdict = "more than Poisson allows" if test["overdispersed"] else "as Poisson allows"
    return [f"Arrivals: mean per class and period over the days. Day totals vary {verdict} "
            f"(chi-square {test['statistic']:.1f} on {test['df']} df, p = {test['p_value']:.3g})"
            f"; day_to_day_cv {test['cv']:.3f} by the method of moments."]


def _services(details: dict) -> list[str]:
    lines = []
    for name, service in details["services"].items():
        factors = service["factors"]
        spread = (f"; service_factor {min(factors.values()):.2f}-{max(factors.values()):.2f} "
                  "by period of arrival" if factors else "")
        zeros = f"; {service['zeros']} zero times read as half the shortest" \
            if service["zeros"] else ""
        lines.append(f"Service {name}: {service['why']}, sample mean "
                     f"{service['mean']:.3g} min from {service['n']} times{spread}{zeros}.")
    return lines


def _patience(details: dict) -> list[str]:
    lines = []
    if details["ticket"]:
        lines.append(f"Ticket hall: {details['no_show_share']:.1%} of the numbers called were "
                     "not there; their patience lies between 0 and their call "
                     "(interval-censored).")
    pooled = details["patience"]["pooled"]
    for name in details["classes"]:
        fitted = details["patience"][name]
        if fitted is None:
            lines.append(f"Patience {name}: nobody gave up, so none is modelled.")
            continue
        source = "pooled over classes" if fitted is pooled else "own"
        naive = (f"; the naive mean of those who gave up, {fitted['naive_mean']:.3g} min, is "
                 "biased low" if fitted["events"] else "")
        lines.append(f"Patience {name}: {fitted['chosen']} ({source}), mean "
                     f"{fitted['mean']:.3g} min, censored maximum likelihood from "
                     f"{fitted['events']} who gave up and {fitted['censored']} censored{naive}.")
    return lines


def _joining(details: dict) -> list[str]:
    """Balking, and in a ticket hall missed calls and call time: fitted, or why not."""
    balking = details["balking"]
    if balking is None:
        lines = ["Balking: no visit in the log left without joining (a ticket machine or a "
                 "switch records only those who joined), so balking is not fitted."]
    else:
        lines = [f"Balking: arrivals who saw {balking['max_waiting']} or more waiting did not "
                 f"join (the threshold that explains most of the {balking['balked']} who did "
                 f"not and {balking['joined']} who did; {balking['misclassified']} it does "
                 "not explain)."]
    if not details["ticket"]:
        return lines
    missed, call = details["missed_calls"], details["call_time"]
    if missed is None:
        lines.append("Missed calls: the log gives no call of a holder known to be there, so "
                     "the chance of missing a call cannot be told; it stays 0.")
    else:
        lines.append(f"Missed calls: {missed['missed']} of {missed['present']} holders there "
                     f"at their first call missed it; with {missed['recalls']} recall, a "
                     f"present holder misses a call with chance "
                     f"{missed['absent_probability']:.3f} (95 % interval {missed['low']:.3f}–"
                     f"{missed['high']:.3f}). A holder who missed every call and one who had "
                     "gone look the same in a log (a no-show): both count as impatience.")
    lines.append("Call time: no gap between a counter's services while the next customer "
                 "waited, so it cannot be told; the model's default stays." if call is None
                 else f"Call time: {call['call_time'] * 60:.0f} s lost per unanswered call, "
                 f"the commonest of {call['gaps']} gaps between a counter's services while the "
                 f"next customer waited ({call['share']:.0%} of them).")
    return lines


def _counters(details: dict) -> list[str]:
    counters = details["counters"]
    measured = int(counters.measured.sum())
    lines = [f"Counters: {len(counters.skills)} seen; capacity from busy time while customers "
             f"waited in {measured} of {len(counters.measured)} periods (elsewhere the most "
             "busy at once, a lower bound)."]
    if details["factor"] is None:
        lines.append("The counters seen were busy whenever customers waited: they are listed "
                      "with the hours they worked on most days.")
        return lines
    observed, groups = details["observed"], details["groups"]
    parts = "; ".join(f"{part} ({_span(groups, part, details['period'])}) x {factor:.3f}"
                      for part, factor in details["factors"].items())
    lines.append("A counter seen is not open all period: capacity is a profile, measured "
                 f"capacity x a factor per part of the day, calibrated by simulation to the "
                 f"fitting days' mean wait of that part: {parts}. Overall observed mean wait "
                 f"{observed['wait_mean'].mean():.3g} min, abandonment "
                 f"{observed['abandon_rate'].mean():.1%}.")
    if details["calibration"]:
        best = next(row for row in details["calibration"]
                    if row["factors"] == details["factors"])
        waits = "; ".join(f"{part} {best[f'wait_{part}']:.3g} against "
                          f"{observed[f'wait_{part}'].mean():.3g} min"
                          for part in details["factors"] if f"wait_{part}" in best)
        lines.append(f"Simulated at those factors: mean wait {best['wait_mean']:.3g} min, "
                     f"abandonment {best['abandon_rate']:.1%}; by part of the day {waits}.")
    return lines


def _span(groups, part: str, period: int) -> str:
    """The hours of one part of the day, ``HH:MM-HH:MM``."""
    starts = groups.index[groups.to_numpy() == part]
    return f"{format_time(int(starts.min()))}-{format_time(int(starts.max()) + period)}"
