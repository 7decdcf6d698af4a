"""What a visit log says about joining and calls: balking, missed calls and call time.

**Balking.** The model's rule is a threshold: an arrival who sees ``max_waiting`` or more
numbers waiting does not join. A log shows it only if it records who did not join (``outcome:
balked``); a ticket machine or a switch records only those who took a number or got through,
and then the log cannot tell, which the fit says. The number an arrival saw is rebuilt from
the log: the visits that joined earlier that day and had neither started service nor left (a
no-show's number stays shown until its call). The threshold is the one that misclassifies
fewest visits (a balker who saw fewer, a joiner who saw as many or more); with data the model
generated it is exact, with real data the misclassified share says how well a threshold fits.

**Missed calls** (ticket halls). A holder who is there but misses a call is called again
later. The holders known to be there at their first call are the served and those who left
after it (``abandoned`` with ``called`` before ``left``); of them, the ones whose first call
(``called``) came before their service start, or who left after it, missed it. That share is
``q = p (1 − p^K) / (1 − p^(K+1))`` for the model's chance ``p`` that a present holder misses
a call and ``K`` recalls (the holders who missed all K + 1 calls are no-shows, out of sight);
``p`` is solved from ``q``, with the binomial 95 % interval carried through. A holder who
missed every call and a holder who had gone look the same in a log (a no-show): those
no-shows are attributed to patience, and ``K`` (not in a log) keeps the model's default.

**Call time** (ticket halls). A counter that calls a number nobody answers loses the call time
before it calls the next: when the next visit a counter served had joined before the counter's
previous service ended, the gap between that end and the next start is time lost to calls
nobody answered, a whole number of call times. The call time is the commonest gap, to the
second: a gap of *k* calls needs *k* unanswered calls in a row, so one call is the commonest
(the median is not: numbers of holders who left are called twice, and runs of them are
frequent in a long queue). Gaps longer than :data:`LONGEST_CALL` are breaks, not calls. Times
in minutes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats

MAX_RECALLS = 1
"""Recalls of a missed number (the model's default; a log does not record them)."""
SAME_INSTANT = 1 / 120
"""Minutes (half a second) within which a call and a service start are the same instant."""
LONGEST_CALL = 10.0
"""Minutes: a longer gap between two services with someone waiting is a break, not calls."""


def seen_on_arrival(visits: pd.DataFrame) -> np.ndarray:
    """Per visit, the numbers waiting when it arrived: visits of the same day that joined
    earlier and had not yet started service or left (columns ``day``, ``outcome``, and the
    minutes ``joined``, ``start``, ``gone``)."""
    seen = np.zeros(len(visits), dtype=int)
    for _, day in visits.groupby("day").indices.items():
        part = visits.iloc[day]
        joined = part["outcome"].to_numpy() != "balked"
        start = part["joined"].to_numpy(float)
        until = part["start"].where(part["outcome"] == "served", part["gone"])
        until = until.fillna(np.inf).to_numpy(float)[joined]
        earlier = np.searchsorted(np.sort(start[joined]), start, side="left")
        ended = np.searchsorted(np.sort(until), start, side="right")
        seen[day] = earlier - ended
    return np.maximum(seen, 0)


def fit_balking(visits: pd.DataFrame) -> dict | None:
    """The balking threshold (``max_waiting``), or None when the log has no balked visit.
    Returns ``max_waiting``, ``balked``, ``joined`` and ``misclassified`` (visits the
    threshold does not explain)."""
    balked = (visits["outcome"] == "balked").to_numpy()
    if not balked.any():
        return None
    seen = seen_on_arrival(visits)
    top = int(seen.max()) + 2
    balkers = np.bincount(seen[balked], minlength=top)
    joiners = np.bincount(seen[~balked], minlength=top)
    # threshold k = i + 1: balkers who saw fewer than k, plus joiners who saw k or more
    errors = np.cumsum(balkers) + joiners.sum() - np.cumsum(joiners)
    best = int(np.argmin(errors))
    return {"max_waiting": best + 1, "balked": int(balked.sum()),
            "joined": int((~balked).sum()), "misclassified": int(errors[best])}


def missed_call_chance(share: float, recalls: int = MAX_RECALLS) -> float:
    """The chance ``p`` that a present holder misses a call, from the share ``q`` of served
    visits that missed their first call: ``q = p (1 − p^K) / (1 − p^(K+1))``."""
    if share <= 0:
        return 0.0
    if share >= recalls / (recalls + 1):  # q's limit as p → 1
        return 1.0

    def gap(p: float) -> float:
        return p * (1 - p ** recalls) / (1 - p ** (recalls + 1)) - share

    return float(optimize.brentq(gap, 1e-12, 1 - 1e-9))


def fit_missed_calls(visits: pd.DataFrame) -> dict | None:
    """The chance a present holder misses a call, with its 95 % interval, from the first calls
    of the holders known to be there when first called: the served, and those who left after
    it (a ticket they cancelled). None when the log records no such call."""
    called = visits["called"].notna()
    served = called & (visits["outcome"] == "served")
    left = called & (visits["outcome"] == "abandoned") & (visits["called"] < visits["gone"])
    present = int((served | left).sum())
    if present == 0:
        return None
    late = (visits["start"] - visits["called"]) > SAME_INSTANT
    missed = int((served & late).sum() + left.sum())
    low, high = stats.binomtest(missed, present).proportion_ci(0.95, method="wilson")
    return {"present": present, "missed": missed, "share": missed / present,
            "absent_probability": missed_call_chance(missed / present),
            "low": missed_call_chance(low), "high": missed_call_chance(high),
            "recalls": MAX_RECALLS}


def fit_call_time(visits: pd.DataFrame) -> dict | None:
    """Minutes a counter loses on a call nobody answers: the commonest gap (to the second)
    between a counter's services while the next one was already waiting (see the module
    docstring); None when there is no such gap."""
    served = visits[(visits["outcome"] == "served") & (visits["counter"] != "")]
    served = served.sort_values(["day", "counter", "start"], kind="stable")
    same = (served["day"].to_numpy() == np.roll(served["day"].to_numpy(), 1)) & (
        served["counter"].to_numpy() == np.roll(served["counter"].to_numpy(), 1))
    before = np.roll(served["end"].to_numpy(float), 1)
    gap = served["start"].to_numpy(float) - before
    waiting = served["joined"].to_numpy(float) <= before
    gaps = gap[same & waiting & (gap > SAME_INSTANT) & (gap <= LONGEST_CALL)]
    if len(gaps) == 0:
        return None
    seconds, counts = np.unique(np.round(gaps * 60), return_counts=True)
    commonest = seconds[np.argmax(counts)]
    return {"call_time": float(commonest / 60), "gaps": len(gaps),
            "share": float(counts.max() / len(gaps))}
