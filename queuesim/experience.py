"""Customer experience: whether the line was fair, how long the wait felt, and how it was judged.

Pure functions on the per-customer log of :mod:`queuesim.log` (one replication, or many with a
``replication`` column); nothing here simulates. They turn the waiting-psychology principles of
the queue-management material (顾客排队等待心理十原则, after Maister 1985) and its definition of
service quality (感知 compared with 期望) into numbers per customer, and
:func:`experience_kpis` into KPIs per replication for :mod:`queuesim.metrics`:

* **fairness** — :func:`overtakes` counts Larson's *slips* and *skips* (principle 6: unfair waits
  feel longer than equitable waits) and tells legitimate overtakes from illegitimate ones;
* **perceived wait** — :func:`perceived_wait` weights each minute waited by how it was spent
  (principles 1 and 9: standing idle or seated; principle 4: announced or not);
* **perception against expectation** — :func:`expectation` classes each customer's perceived wait
  as better than, as, or worse than the wait they expected.

The weights are a model: published figures give their direction and rough size, not values
measured in any particular hall. Every time is in minutes.

References: D. H. Maister, "The psychology of waiting lines", in J. A. Czepiel, M. R. Solomon
and C. F. Surprenant (eds.), *The Service Encounter*, Lexington Books, 1985, pp. 113–123.
R. C. Larson, "Perspectives on queues: social justice and the psychology of queueing",
*Operations Research* 35(6), 1987, pp. 895–905.
"""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from .limits import FINITE, MAX_MINUTES, MAX_WEIGHT

CATEGORIES = ("better_than_expected", "as_expected", "worse_than_expected")
"""Service quality of a wait, following the material: perception better than expectation (high
quality), as expected (acceptable), worse than expected (unacceptable)."""
OVERTAKE_COLUMNS = ("slips", "skips", "slips_illegitimate", "skips_illegitimate")
KPI_NAMES = ("overtaken_share", "illegitimate_overtakes", "perceived_wait_mean",
             *reversed(CATEGORIES))
SHARE_KPIS = ("overtaken_share", *CATEGORIES)
"""The KPIs of :data:`KPI_NAMES` that are shares (between 0 and 1)."""
STRUCTURES = ("single_line", "multi_line", "ticket")

_EDGE = 1e-9  # minutes: a perceived wait on the edge of the band counts as expected


class ExperienceSettings(BaseModel):
    """How minutes of waiting are felt, and which wait each class expects."""

    model_config = FINITE

    standing: float = Field(
        1.33, gt=0, le=MAX_WEIGHT,
        description="Weight of a minute waited standing in a physical line (single_line, "
        "multi_line): unoccupied time feels longer (principle 1 of the material; Maister 1985). "
        "Default 1.33, about a third longer: people waiting idle in a line overestimate their "
        "wait by about 36 % (queueing research quoted by A. Stone, 'Why waiting is torture', "
        "New York Times, August 2012). A model, not a measurement of this hall.")
    seated: float = Field(
        1.0, gt=0, le=MAX_WEIGHT,
        description="Weight of a minute waited seated with a ticket number: customers sit, walk "
        "about, talk, find something to do (the material on ticket numbers; principles 1 and 9). "
        "Default 1.0: occupied, comfortable time felt as it is. The need to listen for one's "
        "number (principle 3, anxiety) is not modelled.")
    uncertain: float = Field(
        1.1, ge=1, le=MAX_WEIGHT,
        description="Extra weight on every minute of a wait of unknown length, when no wait was "
        "announced: uncertain waits feel longer than known, finite waits (principle 4; Maister "
        "1985). Default 1.1, an assumption (no published size): smaller than the standing "
        "effect, and above 1 so that an announcement that comes true makes a wait feel shorter "
        "(1 / 1.1, about 9 %), as principle 4 says it should; 1.0 switches the effect off.")
    beyond_announced: float = Field(
        1.5, ge=1, le=MAX_WEIGHT,
        description="Extra weight on each minute waited beyond an announced wait: a broken "
        "promise sets the expectation and then falls short of it (Maister's first law of "
        "service, satisfaction = perception − expectation; the material on service quality). "
        "Default 1.5, an assumption (no published size): an overrun costs more than the "
        "uncertainty an announcement removes, so promising too little is penalised.")
    expected_wait: dict[str, Annotated[float, Field(gt=0, le=MAX_MINUTES)]] = Field(
        default_factory=dict,
        description="Tolerable wait per class, minutes of perceived wait, e.g. {vip: 5}: the "
        "expectation a wait is judged against (the material on service quality). Default: none "
        "listed; classes not listed use default_expected_wait.")
    default_expected_wait: float | None = Field(
        None, gt=0, le=MAX_MINUTES,
        description="Tolerable wait of classes not in expected_wait, minutes. Default none: the "
        "scenario's targets.wait_minutes, the wait the hall promises itself.")
    tolerance: float = Field(
        0.1, ge=0, lt=1,
        description="Relative band around the expected wait judged 'as expected' (perceived "
        "wait within expected × (1 ± tolerance), edges included). Default 0.1 (±10 %), an "
        "assumption: a few minutes either way of a 10-minute expectation go unnoticed.")


def queue_rules(scenario) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Priority of each class and the classes each counter serves, from a :class:`Scenario`:
    the ``priorities`` and ``eligible`` arguments of :func:`overtakes`."""
    names = scenario.class_names
    priorities = {name: spec.priority for name, spec in scenario.customers.items()}
    eligible = {counter.id: set(counter.preference(names)) for counter in scenario.counters}
    return priorities, eligible


# Fairness: slips and skips. -----------------------------------------------------------------


def overtakes(customers: pd.DataFrame, priorities: dict[str, int],
              eligible: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Larson's slips and skips of each customer, legitimate or not.

    Pairs are counted within a replication (the ``replication`` column; a table without it is
    one replication). Customer *i* is **slipped** by *j*, and *j* **skips** *i*, when

    * *j* joined the queue after *i*: order of ``ready`` (a booked customer early for the slot
      joins at the slot, everyone else on arrival; ``arrival`` in a log without ``ready``),
      ties broken by the ``customer`` number;
    * *j* started service (``service_start`` is a time); and
    * *j* started strictly before *i* stopped waiting: before *i*'s ``service_start`` if *i*
      started service; otherwise before *i* left (``exit``: reneged, no_show, sent home at
      closing), or at any time if *i* was still inside at the end (``exit`` NaN).

    Balked customers take part in nothing: they never joined. A slip is **legitimate** when the
    overtaker's class has a higher priority, when the counter that served the overtaker does not
    serve the overtaken customer's class (a dedicated window: nobody was passed there), or when
    the overtaken customer missed a call (``recalls`` > 0, or ``outcome`` no_show: their own
    absence). The log holds no call instants, so a missed call excuses all of that customer's
    slips, also those before the call (and a ticket number called after its holder gave up
    counts as missed, as in the log). Every other slip is illegitimate: the same or a lower
    priority served first at a counter that would have served the overtaken customer.

    Parameters
    ----------
    customers
        Per-customer log (:mod:`queuesim.log`): ``customer``, ``class``, ``arrival`` (or
        ``ready``), ``recalls``, ``service_start``, ``counter``, ``outcome``, ``exit``; times in
        minutes.
    priorities
        Priority of every class (higher is served first).
    eligible
        Classes served by every counter id; None: every counter serves every class.

    Returns
    -------
    DataFrame indexed like ``customers`` with integer columns ``slips`` (later arrivals served
    first), ``skips`` (earlier arrivals passed), ``slips_illegitimate``, ``skips_illegitimate``.
    Within a replication, slips and skips add up to the same total.

    Complexity: O(n log n) time and O(n) memory per replication of n customers, times one pass
    per class for the illegitimate counts (see :func:`_nested_counts`).
    """
    counts = np.zeros((len(customers), len(OVERTAKE_COLUMNS)), dtype=np.int64)
    if "replication" in customers.columns:
        groups = customers.groupby("replication", sort=False, observed=True).indices.values()
    else:
        groups = [np.arange(len(customers))]
    for rows in groups:
        counts[rows] = _replication_overtakes(customers.iloc[rows], priorities, eligible)
    return pd.DataFrame(counts, index=customers.index, columns=list(OVERTAKE_COLUMNS))


def _replication_overtakes(customers: pd.DataFrame, priorities, eligible) -> np.ndarray:
    """The four overtake columns of one replication, as an (n, 4) integer array."""
    klass = customers["class"].astype(str).to_numpy()
    start = customers["service_start"].to_numpy(float)
    exit_ = customers["exit"].to_numpy(float)
    outcome = customers["outcome"].astype(str).to_numpy()
    joined = outcome != "balked"
    started = joined & ~np.isnan(start)
    until = np.where(started, start, np.where(np.isnan(exit_), math.inf, exit_))
    joined_at = customers["ready" if "ready" in customers.columns else "arrival"].to_numpy()
    position = np.empty(len(customers), dtype=np.int64)
    position[np.lexsort((customers["customer"].to_numpy(), joined_at))] = np.arange(len(customers))
    counts = np.zeros((len(customers), 4), dtype=np.int64)
    waiting, served = np.flatnonzero(joined), np.flatnonzero(started)
    counts[waiting, 0], counts[served, 1] = _nested_counts(
        position[waiting], until[waiting], position[served], start[served])
    missed = (customers["recalls"].to_numpy() > 0) | (outcome == "no_show")
    rank = _lookup(priorities, klass, "priority of class")
    counter = customers["counter"].astype(str).to_numpy()
    for name in np.unique(klass[joined & ~missed]):
        waiting = np.flatnonzero(joined & ~missed & (klass == name))
        passer = served[(rank[served] <= priorities[name])
                        & _serves(eligible, counter[served], name)]
        slips, skips = _nested_counts(position[waiting], until[waiting], position[passer],
                                      start[passer])
        counts[waiting, 2] += slips
        counts[passer, 3] += skips
    return counts


def _lookup(table: dict, keys: np.ndarray, what: str) -> np.ndarray:
    """``table[key]`` for every key, as an array; a missing key is a ValueError naming it."""
    uniques, inverse = np.unique(keys, return_inverse=True)
    missing = [str(key) for key in uniques if key not in table]
    if missing:
        raise ValueError(f"no {what} {', '.join(repr(key) for key in missing)}")
    return np.array([table[key] for key in uniques])[inverse]


def _serves(eligible, counters: np.ndarray, name: str) -> np.ndarray:
    """Whether each of ``counters`` serves class ``name`` (all do when ``eligible`` is None)."""
    if eligible is None:
        return np.ones(len(counters), dtype=bool)
    return _lookup({key: name in classes for key, classes in eligible.items()}, counters,
                   "eligible classes for counter").astype(bool)


def _nested_counts(query_position, query_until, item_position, item_start):
    """Dominance counts between waiting customers (queries) and served ones (items).

    Returns ``(per_query, per_item)``: for each query *q*, the number of items *j* with
    ``item_position[j] > query_position[q]`` and ``item_start[j] < query_until[q]``; for each
    item, the number of queries it is counted for. A query and an item at the same position
    (the same customer) are never counted.

    A bottom-up merge sort on position: at level *k*, positions fall in blocks of 2^(k+1) with a
    left and a right half; with each block sorted by time, running counts give every query of a
    left half the items of the right half that started before it stopped waiting, and every
    such item those queries. Every pair with different positions is split at exactly one level
    (the highest bit in which the positions differ). Each level re-sorts the previous order, a
    sequence of sorted runs that a stable sort (timsort) merges in linear time, so the whole
    costs O(n log n) for n queries and items, in about log2(n) vectorised passes.
    """
    n_query, n_item = len(query_position), len(item_position)
    if n_query == 0 or n_item == 0:
        return np.zeros(n_query, np.int64), np.zeros(n_item, np.int64)
    is_item = np.repeat([False, True], [n_query, n_item])
    _, time_rank = np.unique(np.concatenate([query_until, item_start]), return_inverse=True)
    time_key = 2 * time_rank.astype(np.int64) + is_item  # at equal times a query sorts first
    position = np.concatenate([query_position, item_position]).astype(np.int64)
    order = np.lexsort((time_key, position))
    span = int(time_key.max()) + 1
    position, time_key, is_item = position[order], time_key[order], is_item[order]
    counts = np.zeros(len(order), np.int64)
    level = 0
    while (1 << level) <= position[-1]:
        block = position >> (level + 1)
        merge = np.argsort(block * span + time_key, kind="stable")
        order, position, time_key, is_item, counts, block = (
            array[merge] for array in (order, position, time_key, is_item, counts, block))
        counts += _split_pair_counts(block, ((position >> level) & 1).astype(bool), is_item)
        level += 1
    result = np.empty_like(counts)
    result[order] = counts
    return result[:n_query], result[n_query:]


def _split_pair_counts(block, right, is_item) -> np.ndarray:
    """One level of :func:`_nested_counts`, on arrays in block-then-time order: for a query in
    a left half, the items after it in position and before it in time; for an item in a right
    half, the queries before it in position and after it in time; 0 for everyone else."""
    right_item, left_query = right & is_item, ~right & ~is_item
    blocks = int(block[-1]) + 1
    items_before = np.cumsum(right_item) - right_item - _before_block(block, right_item, blocks)
    queries_before = np.cumsum(left_query) - left_query - _before_block(block, left_query, blocks)
    queries_after = np.bincount(block[left_query], minlength=blocks)[block] - queries_before
    return np.where(left_query, items_before, np.where(right_item, queries_after, 0))


def _before_block(block: np.ndarray, flags: np.ndarray, blocks: int) -> np.ndarray:
    """For each element, how many ``flags`` lie in the blocks before its own."""
    per_block = np.bincount(block[flags], minlength=blocks)
    return (np.cumsum(per_block) - per_block)[block]


# Perceived wait and expectation. ------------------------------------------------------------


def perceived_wait(customers: pd.DataFrame, structure: str, settings: ExperienceSettings,
                   announced: pd.Series | None = None) -> pd.Series:
    """How long each customer's wait felt, minutes.

    With *w* the actual ``wait`` (to service start, or to leaving), *b* the weight of how it
    was spent (``seated`` in a ticket hall, ``standing`` in single_line and multi_line halls)
    and *a* the wait announced to the customer:

    * nothing announced (``announced`` None, or NaN for the customer):
      ``b × uncertain × w``;
    * *a* announced: ``b × (min(w, a) + beyond_announced × max(w − a, 0))``.

    Balked customers felt no wait (0); a wait that is unknown (still inside at the end of a
    steady-state run) gives NaN.

    Parameters
    ----------
    customers
        Per-customer log with ``wait`` and ``outcome``.
    structure
        The hall's ``queue.structure``: single_line, multi_line or ticket.
    settings
        The weights.
    announced
        Wait announced to each customer on arrival, minutes, indexed like ``customers``.
    """
    if structure not in STRUCTURES:
        raise ValueError(f"unknown queue structure {structure!r}, expected one of {STRUCTURES}")
    weight = settings.seated if structure == "ticket" else settings.standing
    wait = customers["wait"].to_numpy(float)
    promise = (np.full(len(customers), math.nan) if announced is None
               else announced.reindex(customers.index).to_numpy(float))
    if np.any(promise < 0):
        raise ValueError("announced waits must not be negative")
    unknown = np.isnan(promise)
    within = np.where(unknown, settings.uncertain * wait, np.fmin(wait, promise))
    beyond = np.where(unknown, 0.0, np.maximum(wait - promise, 0.0))
    felt = weight * (within + settings.beyond_announced * beyond)
    felt[customers["outcome"].astype(str).to_numpy() == "balked"] = 0.0
    return pd.Series(felt, index=customers.index, name="perceived_wait")


def expectation(customers: pd.DataFrame, perceived: pd.Series, settings: ExperienceSettings,
                default_wait: float) -> pd.Series:
    """Each customer's perceived wait judged against the wait their class expects.

    With *e* the expected wait of the customer's class (``settings.expected_wait``, else
    ``settings.default_expected_wait``, else ``default_wait``) and *t* the tolerance:
    ``better_than_expected`` when perceived < e × (1 − t) (quality above expectation),
    ``worse_than_expected`` when perceived > e × (1 + t) (below expectation: unacceptable),
    ``as_expected`` in between, edges included (acceptable).

    Returns a categorical Series (categories :data:`CATEGORIES`) indexed like ``customers``;
    NaN for balked customers (they never waited) and for unknown waits.

    Parameters
    ----------
    customers
        Per-customer log with ``class`` and ``outcome``.
    perceived
        Perceived waits from :func:`perceived_wait`, minutes.
    settings
        The expected waits and tolerance.
    default_wait
        Expected wait of classes the settings leave open, minutes (the scenario's
        ``targets.wait_minutes``).
    """
    fallback = settings.default_expected_wait or default_wait
    waits = {**dict.fromkeys(customers["class"].astype(str).unique(), fallback),
             **settings.expected_wait}
    expected = _lookup(waits, customers["class"].astype(str).to_numpy(), "expected wait for")
    felt = perceived.reindex(customers.index).to_numpy(float)
    band = settings.tolerance
    codes = np.select([felt < expected * (1 - band) - _EDGE, felt > expected * (1 + band) + _EDGE],
                      [0, 2], default=1)
    codes[np.isnan(felt) | (customers["outcome"].astype(str).to_numpy() == "balked")] = -1
    return pd.Series(pd.Categorical.from_codes(codes, categories=list(CATEGORIES)),
                     index=customers.index, name="expectation")


# KPIs. --------------------------------------------------------------------------------------


def experience_kpis(customers: pd.DataFrame, structure: str, settings: ExperienceSettings,
                    priorities: dict[str, int], eligible: dict[str, set[str]] | None,
                    default_wait: float, announced: pd.Series | None = None,
                    overtaken: pd.DataFrame | None = None) -> dict[str, float]:
    """Experience KPIs of a set of customers (a replication, or a class or an hour of it).

    * ``overtaken_share``: share of joined customers slipped at least once;
    * ``illegitimate_overtakes``: illegitimate slips per joined customer;
    * ``perceived_wait_mean``: mean perceived wait of joined customers (served or not), minutes;
    * ``better_than_expected``, ``as_expected``, ``worse_than_expected``: shares of joined
      customers whose wait is known (a steady-state run leaves out those still inside).

    An empty set gives NaN. Overtakes involve customers outside a subset (a VIP passes a
    personal customer), so for a subset pass ``overtaken``: :func:`overtakes` of the whole
    replication (indexed like it); without it they are counted among ``customers`` only.
    The other parameters are those of :func:`overtakes`, :func:`perceived_wait` and
    :func:`expectation`.
    """
    if overtaken is None:
        overtaken = overtakes(customers, priorities, eligible)
    joined = customers["outcome"].astype(str).to_numpy() != "balked"
    slips = overtaken.loc[customers.index, ["slips", "slips_illegitimate"]].to_numpy()[joined]
    felt = perceived_wait(customers, structure, settings, announced)
    judged = expectation(customers, felt, settings, default_wait)[joined].value_counts()
    kpis = {
        "overtaken_share": _mean(slips[:, 0] > 0),
        "illegitimate_overtakes": _mean(slips[:, 1]),
        "perceived_wait_mean": _mean(felt.to_numpy()[joined]),
    }
    total = int(judged.sum())
    kpis.update({name: float(judged[name] / total) if total else math.nan
                 for name in reversed(CATEGORIES)})
    return kpis


def _mean(values: np.ndarray) -> float:
    values = np.asarray(values, float)
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else math.nan
