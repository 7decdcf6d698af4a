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

import numpy as np
import pandas as pd

from .codes import codes
from .experience_settings import ExperienceSettings

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
    return pd.DataFrame(_overtake_counts(customers, priorities, eligible),
                        index=customers.index, columns=list(OVERTAKE_COLUMNS))


def _overtake_counts(customers: pd.DataFrame, priorities, eligible) -> np.ndarray:
    """The columns of :func:`overtakes` as an (n, 4) integer array."""
    if "replication" not in customers.columns:
        return _replication_overtakes(customers, priorities, eligible)
    counts = np.zeros((len(customers), len(OVERTAKE_COLUMNS)), dtype=np.int64)
    for rows in customers.groupby("replication", sort=False, observed=True).indices.values():
        counts[rows] = _replication_overtakes(customers.iloc[rows], priorities, eligible)
    return counts


def _replication_overtakes(customers: pd.DataFrame, priorities, eligible) -> np.ndarray:
    """The four overtake columns of one replication, as an (n, 4) integer array."""
    klass, class_names = pd.factorize(customers["class"], use_na_sentinel=False)
    start = customers["service_start"].to_numpy(float)
    exit_ = customers["exit"].to_numpy(float)
    joined = ~_balked(customers)
    started = joined & ~np.isnan(start)
    until = np.where(started, start, np.where(np.isnan(exit_), math.inf, exit_))
    joined_at = customers["ready" if "ready" in customers.columns else "arrival"].to_numpy()
    position = np.empty(len(customers), dtype=np.int64)
    position[np.lexsort((customers["customer"].to_numpy(), joined_at))] = np.arange(len(customers))
    counts = np.zeros((len(customers), 4), dtype=np.int64)
    waiting, served = np.flatnonzero(joined), np.flatnonzero(started)
    counts[waiting, 0], counts[served, 1] = _nested_counts(
        position[waiting], until[waiting], position[served], start[served])
    missed = (customers["recalls"].to_numpy() > 0) | (codes(customers["outcome"], ["no_show"]) == 0)
    rank = _lookup(priorities, class_names, "priority of class")[klass]
    counter, counter_ids = pd.factorize(customers["counter"], use_na_sentinel=False)
    for code in np.unique(klass[joined & ~missed]):
        name = str(class_names[code])
        waiting = np.flatnonzero(joined & ~missed & (klass == code))
        passer = served[(rank[served] <= priorities[name])
                        & _serves(eligible, counter_ids, counter[served], name)]
        slips, skips = _nested_counts(position[waiting], until[waiting], position[passer],
                                      start[passer])
        counts[waiting, 2] += slips
        counts[passer, 3] += skips
    return counts


def _lookup(table: dict, keys, what: str) -> np.ndarray:
    """``table[key]`` for every distinct key (compared as text), as an array; a missing key is
    a ValueError naming it."""
    keys = [str(key) for key in keys]
    missing = sorted(key for key in keys if key not in table)
    if missing:
        raise ValueError(f"no {what} {', '.join(repr(key) for key in missing)}")
    return np.array([table[key] for key in keys])


def _serves(eligible, counter_ids, counters: np.ndarray, name: str) -> np.ndarray:
    """Whether each of ``counters`` (codes of ``counter_ids``) serves class ``name`` (all do
    when ``eligible`` is None)."""
    if eligible is None:
        return np.ones(len(counters), dtype=bool)
    present = np.unique(counters)
    serves = np.zeros(len(counter_ids), dtype=bool)
    serves[present] = _lookup({key: name in classes for key, classes in eligible.items()},
                              counter_ids[present], "eligible classes for counter")
    return serves[counters]


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
    felt[_balked(customers)] = 0.0
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
    klass, names = pd.factorize(customers["class"])
    expected = np.array([settings.expected_wait.get(str(name), fallback) for name in names]
                        + [fallback])[klass]
    felt = perceived.reindex(customers.index).to_numpy(float)
    band = settings.tolerance
    codes = np.select([felt < expected * (1 - band) - _EDGE, felt > expected * (1 + band) + _EDGE],
                      [0, 2], default=1)
    codes[np.isnan(felt) | _balked(customers)] = -1
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
    :func:`expectation`. For many subsets of one replication, compute
    :func:`experience_columns` once and call :func:`kpis_of` per subset.
    """
    return kpis_of(experience_columns(customers, structure, settings, priorities, eligible,
                                      default_wait, announced, overtaken))


def experience_columns(customers: pd.DataFrame, structure: str, settings: ExperienceSettings,
                       priorities: dict[str, int], eligible: dict[str, set[str]] | None,
                       default_wait: float, announced: pd.Series | None = None,
                       overtaken: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """What :func:`kpis_of` needs of each customer, as arrays aligned with ``customers``:
    ``joined`` (did not balk), ``slips`` and ``slips_illegitimate`` (:func:`overtakes`),
    ``felt`` (:func:`perceived_wait`, minutes) and ``judged`` (position in
    :data:`CATEGORIES` of :func:`expectation`; -1 when not judged). Parameters as
    :func:`experience_kpis`."""
    if overtaken is None:
        slips = _overtake_counts(customers, priorities, eligible)[:, [0, 2]]
    else:
        slips = overtaken.loc[customers.index, ["slips", "slips_illegitimate"]].to_numpy()
    felt = perceived_wait(customers, structure, settings, announced)
    judged = expectation(customers, felt, settings, default_wait)
    return {"joined": ~_balked(customers), "slips": slips[:, 0],
            "slips_illegitimate": slips[:, 1], "felt": felt.to_numpy(),
            "judged": judged.array.codes}


def kpis_of(columns: dict[str, np.ndarray], rows: np.ndarray | slice = slice(None)
            ) -> dict[str, float]:
    """The KPIs of :func:`experience_kpis` for the customers ``rows`` (row numbers in their
    original order, or a slice) of :func:`experience_columns`."""
    joined = columns["joined"][rows]
    slips, illegitimate, felt, judged = (columns[name][rows][joined] for name in (
        "slips", "slips_illegitimate", "felt", "judged"))
    tally = np.bincount(judged[judged >= 0], minlength=len(CATEGORIES))
    total = int(tally.sum())
    kpis = {"overtaken_share": _mean(slips > 0), "illegitimate_overtakes": _mean(illegitimate),
            "perceived_wait_mean": _mean(felt)}
    kpis.update({name: float(tally[code] / total) if total else math.nan
                 for code, name in reversed(list(enumerate(CATEGORIES)))})
    return kpis


def _balked(customers: pd.DataFrame) -> np.ndarray:
    return codes(customers["outcome"], ["balked"]) == 0


def _mean(values: np.ndarray) -> float:
    values = np.asarray(values, float)
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else math.nan
