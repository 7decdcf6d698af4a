"""Customer experience: slips and skips by hand and against a pairwise count, overtakes in
simulated halls, perceived waits and expectation categories by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pydantic
import pytest

import queuesim
from queuesim import experience
from queuesim.experience import ExperienceSettings

NAN = math.nan
COLUMNS = ["replication", "customer", "class", "arrival", "recalls", "service_start", "counter",
           "outcome", "exit"]
PRIORITIES = {"personal": 0, "business": 0, "vip": 1}
ELIGIBLE = {"T1": {"personal", "business", "vip"}, "T2": {"personal", "business", "vip"},
            "B1": {"business"}}


def log(rows) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    start = table["service_start"]
    table["wait"] = np.where(start.isna(), table["exit"], start) - table["arrival"]
    return table


# Replication 0: a hall with lines. T1 and T2 serve everyone, B1 is a business-only window.
LINES = [
    (0, 0, "personal", 0.0, 0, 0.0, "T1", "served", 10.0),
    (0, 1, "personal", 1.0, 0, 9.0, "T1", "served", 15.0),
    (0, 2, "personal", 2.0, 0, NAN, "", "reneged", 7.0),
    (0, 3, "vip", 3.0, 0, 4.0, "T2", "served", 8.0),
    (0, 4, "business", 4.0, 0, 5.0, "B1", "served", 9.0),
    (0, 5, "personal", 4.5, 0, NAN, "", "balked", 4.5),
    (0, 6, "personal", 5.0, 0, 6.0, "T2", "served", 9.0),
    (0, 7, "personal", 6.0, 0, 8.0, "T2", "served", 12.0),
]
# Each customer waits until `until`: service start, or exit for those never served.
# 1 (until 9) is slipped by 3 (vip, starts 4: higher priority, legitimate), 4 (starts 5 at B1,
#   which does not serve personal: legitimate), 6 (starts 6 at T2) and 7 (starts 8 at T2): the
#   last two are personal customers at a counter that serves personal: illegitimate.
#   -> slips 4, illegitimate 2.
# 2 (reneged, until exit 7) is slipped by 3 and 4 (legitimate) and 6 (starts 6 < 7,
#   illegitimate); 7 starts at 8, after 2 left: no slip. -> slips 3, illegitimate 1.
# 3, 4, 6 and 7 started before any later arrival: no slips. 0 started at once.
# Skips: 3 passed 1 and 2 (legitimate), 4 passed 1 and 2 (legitimate), 6 passed 1 and 2
#   (illegitimate), 7 passed 1 (illegitimate). 5 balked: takes part in nothing.
LINES_EXPECTED = {  # customer: (slips, skips, slips_illegitimate, skips_illegitimate)
    0: (0, 0, 0, 0), 1: (4, 0, 2, 0), 2: (3, 0, 1, 0), 3: (0, 2, 0, 0), 4: (0, 2, 0, 0),
    5: (0, 0, 0, 0), 6: (0, 2, 0, 2), 7: (0, 1, 0, 1),
}

# Replication 1: a ticket hall. 0 missed the call at 1 and was recalled (recalls 1), served at
# 6; 3 missed two calls and was dropped as a no-show at 5.5.
TICKETS = [
    (1, 0, "personal", 0.0, 1, 6.0, "T1", "served", 10.0),
    (1, 1, "personal", 0.5, 0, 2.0, "T2", "served", 4.0),
    (1, 2, "personal", 1.0, 0, 3.0, "T1", "served", 5.0),
    (1, 3, "personal", 1.5, 1, NAN, "", "no_show", 5.5),
    (1, 4, "personal", 2.0, 0, 4.2, "T2", "served", 7.0),
]
# 0 (until 6) is slipped by 1, 2 and 4; 3 (until 5.5) by 4 (starts 4.2): all legitimate, the
# slipped customers missed a call. Skips: 1 and 2 passed 0; 4 passed 0 and 3.
TICKETS_EXPECTED = {0: (3, 0, 0, 0), 1: (0, 1, 0, 0), 2: (0, 1, 0, 0), 3: (1, 0, 0, 0),
                    4: (0, 2, 0, 0)}


def test_slips_and_skips_of_a_hand_built_log():
    table = log(LINES + TICKETS)
    counted = experience.overtakes(table, PRIORITIES, ELIGIBLE)
    expected = [LINES_EXPECTED[c] for c in range(8)] + [TICKETS_EXPECTED[c] for c in range(5)]
    assert list(counted.columns) == list(experience.OVERTAKE_COLUMNS)
    assert counted.index.equals(table.index)
    assert [tuple(row) for row in counted.to_numpy()] == expected


def test_a_no_show_missed_a_call_even_without_recalls():
    # max_recalls 0: the number is dropped at the first missed call (0 at 1, gone at 1.5);
    # 1 was served at 1.2 by the other counter in the meantime.
    table = log([(0, 0, "personal", 0.0, 0, NAN, "", "no_show", 1.5),
                 (0, 1, "personal", 0.5, 0, 1.2, "T2", "served", 3.0)])
    counted = experience.overtakes(table, PRIORITIES, ELIGIBLE)
    assert counted["slips"].tolist() == [1, 0] and counted["slips_illegitimate"].sum() == 0


def test_still_inside_at_the_end_is_slipped_until_the_end():
    table = log([(0, 0, "personal", 0.0, 0, NAN, "", "unserved", NAN),
                 (0, 1, "personal", 1.0, 0, 50.0, "T1", "served", 51.0),
                 (0, 2, "personal", 2.0, 0, 3.0, "T2", "unserved", NAN)])  # at a counter
    counted = experience.overtakes(table, PRIORITIES, None)
    # 0 waited until the end: slipped by 1 and 2; 2 (started 3) slipped 1 (started 50)
    assert counted["slips_illegitimate"].tolist() == [2, 1, 0]
    assert counted["skips_illegitimate"].tolist() == [0, 1, 2]


def test_a_booked_customer_early_for_the_slot_waits_from_the_slot():
    # 0 came at 0 for the slot at 5 (joins the queue at 5); 1 walked in at 1, served at 3:
    # not an overtake. 2 walked in at 2 and started at 6, after 0 joined: no overtake either.
    table = log([(0, 0, "personal", 0.0, 0, 7.0, "T1", "served", 9.0),
                 (0, 1, "personal", 1.0, 0, 3.0, "T2", "served", 5.0),
                 (0, 2, "personal", 2.0, 0, 6.0, "T2", "served", 8.0)])
    assert experience.overtakes(table, PRIORITIES, ELIGIBLE)["slips"].tolist() == [2, 0, 0]
    table["ready"] = [5.0, 1.0, 2.0]
    assert experience.overtakes(table, PRIORITIES, ELIGIBLE)["slips"].tolist() == [0, 0, 0]


def test_equal_times_are_no_overtake():
    # 1 starts at the instant 0 starts; 3 starts at the instant 2 leaves.
    table = log([(0, 0, "personal", 0.0, 0, 5.0, "T1", "served", 6.0),
                 (0, 1, "personal", 1.0, 0, 5.0, "T2", "served", 6.0),
                 (0, 2, "personal", 1.5, 0, NAN, "", "reneged", 4.0),
                 (0, 3, "personal", 2.0, 0, 4.0, "T1", "served", 5.0)])
    counted = experience.overtakes(table, PRIORITIES, ELIGIBLE)
    assert counted["slips"].tolist() == [1, 1, 0, 0]  # 3 (starts 4) slips 0 and 1 only


# The efficient count against the definition, pair by pair. ---------------------------------


def pairwise_overtakes(customers, priorities, eligible) -> np.ndarray:
    """O(n²) reference: the definition of :func:`experience.overtakes`, one pair at a time."""
    counts = np.zeros((len(customers), 4), dtype=int)
    records = customers.reset_index(drop=True).to_dict("records")
    joined = "ready" if "ready" in customers.columns else "arrival"
    for i, slipped in enumerate(records):
        if slipped["outcome"] == "balked":
            continue
        until = slipped["service_start"]
        if math.isnan(until):
            until = math.inf if math.isnan(slipped["exit"]) else slipped["exit"]
        for j, passer in enumerate(records):
            later = ((passer[joined], passer["customer"])
                     > (slipped[joined], slipped["customer"]))
            if (passer["replication"] != slipped["replication"] or not later
                    or passer["outcome"] == "balked" or not passer["service_start"] < until):
                continue
            legitimate = (priorities[passer["class"]] > priorities[slipped["class"]]
                          or (eligible is not None
                              and slipped["class"] not in eligible[passer["counter"]])
                          or slipped["recalls"] > 0 or slipped["outcome"] == "no_show")
            counts[i, 0] += 1
            counts[j, 1] += 1
            counts[i, 2] += not legitimate
            counts[j, 3] += not legitimate
    return counts


def random_log(rng, replications: int, size: int) -> pd.DataFrame:
    """Random logs on a coarse time grid (many equal times), in shuffled row order; a fifth of
    the customers join the queue after arriving (booked, early for the slot)."""
    tables = []
    for replication in range(replications):
        arrival = np.sort(rng.integers(0, 20, size)).astype(float)
        outcome = rng.choice(["served", "reneged", "balked", "no_show", "unserved"], size,
                             p=[0.55, 0.15, 0.1, 0.1, 0.1])
        start = arrival + rng.integers(0, 12, size)
        in_service = (outcome == "served") | ((outcome == "unserved") & (rng.random(size) < 0.5))
        start[~in_service] = NAN
        exit_ = np.where(in_service, start + 2, arrival + rng.integers(0, 12, size))
        exit_[(outcome == "unserved") & (rng.random(size) < 0.6)] = NAN
        exit_[outcome == "balked"] = arrival[outcome == "balked"]
        tables.append(pd.DataFrame({
            "replication": replication, "customer": np.arange(size),
            "class": rng.choice(list(PRIORITIES), size), "arrival": arrival,
            "ready": arrival + rng.integers(0, 4, size) * (rng.random(size) < 0.2),
            "recalls": (rng.random(size) < 0.15).astype(int), "service_start": start,
            "counter": np.where(in_service, rng.choice(list(ELIGIBLE), size), ""),
            "outcome": outcome, "exit": exit_}))
    table = pd.concat(tables, ignore_index=True)
    return table.iloc[rng.permutation(len(table))]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("eligible", [ELIGIBLE, None])
def test_efficient_count_equals_the_pairwise_definition(seed, eligible):
    rng = np.random.default_rng(seed)
    table = random_log(rng, replications=3, size=int(rng.integers(1, 60)))
    if seed % 2:
        table = table.drop(columns="ready")
    counted = experience.overtakes(table, PRIORITIES, eligible)
    assert counted.index.equals(table.index)
    np.testing.assert_array_equal(counted.to_numpy(), pairwise_overtakes(table, PRIORITIES,
                                                                         eligible))


def test_unknown_counter_or_class_is_named():
    table = log([(0, 0, "personal", 0.0, 0, 5.0, "T9", "served", 6.0)])
    with pytest.raises(ValueError, match="'T9'"):
        experience.overtakes(table, PRIORITIES, ELIGIBLE)
    with pytest.raises(ValueError, match="'personal'"):
        experience.overtakes(table, {"vip": 1}, None)


# Overtakes in simulated halls. -------------------------------------------------------------


def hall(structure: str, **fields):
    """Three identical counters, one busy hour: 100 customers an hour, 1.5 min of service."""
    mapping = {
        "name": "experience test hall",
        "clock": {"open": "09:00", "close": "10:00"},
        "customers": {"personal": {"share": 1.0, "service_time": {"dist": "exponential",
                                                                   "mean": 1.5},
                                   "patience": {"dist": "exponential", "mean": 6}}},
        "arrivals": {"per_hour": 100},
        "counters": {"count": 3},
        "queue": {"structure": structure},
        **fields,
    }
    return queuesim.load_scenario(mapping)


def simulated_overtakes(scenario):
    results = queuesim.simulate(scenario, replications=3, seed=7, workers=1)
    priorities, eligible = experience.queue_rules(scenario)
    customers = results.customers
    return customers, experience.overtakes(customers, priorities, eligible)


@pytest.mark.parametrize("structure", ["single_line", "ticket"])
def test_one_class_in_one_line_or_by_number_is_never_overtaken(structure):
    customers, counted = simulated_overtakes(hall(structure))
    assert (customers["outcome"] == "reneged").any()
    assert counted.to_numpy().sum() == 0


@pytest.mark.parametrize("structure", ["single_line", "ticket"])
def test_a_priority_class_overtakes_legitimately_only(structure):
    classes = {
        "personal": {"share": 0.8, "service_time": {"dist": "exponential", "mean": 1.5},
                     "patience": {"dist": "exponential", "mean": 6}},
        "vip": {"share": 0.2, "priority": 1, "service_time": {"dist": "exponential",
                                                              "mean": 1.5}},
    }
    customers, counted = simulated_overtakes(hall(structure, customers=classes))
    assert counted["slips"].sum() > 0
    assert counted["slips_illegitimate"].sum() == 0
    assert (customers.loc[counted["skips"] > 0, "class"] == "vip").all()


def test_random_line_choice_overtakes_illegitimately():
    _, counted = simulated_overtakes(hall("multi_line", queue={
        "structure": "multi_line", "line_choice": "random"}))
    assert counted["slips_illegitimate"].sum() > 0
    assert counted["slips"].sum() == counted["skips"].sum()


def test_missed_calls_are_the_only_overtakes_in_a_ticket_hall():
    scenario = hall("ticket", queue={"structure": "ticket", "ticket": {
        "absent_probability": 0.2, "call_time": 0.5, "recall_after": 2, "max_recalls": 1}})
    customers, counted = simulated_overtakes(scenario)
    slipped = customers[counted["slips"] > 0]
    assert len(slipped) > 0 and counted["slips_illegitimate"].sum() == 0
    assert ((slipped["recalls"] > 0) | (slipped["outcome"] == "no_show")).all()


# Perceived wait and expectation. -----------------------------------------------------------


def waits(values, outcomes=None, classes=None) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"wait": values, "outcome": outcomes or ["served"] * n,
                         "class": classes or ["personal"] * n})


def test_perceived_wait_formula():
    settings = ExperienceSettings(standing=1.33, seated=1.0, uncertain=1.1, beyond_announced=1.5)
    table = waits([10.0, 10.0, 10.0, 0.0, NAN], ["served", "served", "reneged", "balked",
                                                 "unserved"])
    announced = pd.Series([NAN, 6.0, 12.0, 5.0, 3.0])
    lines = experience.perceived_wait(table, "multi_line", settings, announced)
    # no announcement: 1.33 × 1.1 × 10; 6 announced: 1.33 × (6 + 1.5 × 4); 12 announced:
    # 1.33 × 10; balked: 0; unknown wait: NaN
    assert lines.tolist()[:4] == pytest.approx([14.63, 1.33 * 12, 13.3, 0.0])
    assert math.isnan(lines.iloc[4])
    tickets = experience.perceived_wait(table, "ticket", settings)
    assert tickets.tolist()[:4] == pytest.approx([11.0, 11.0, 11.0, 0.0])
    with pytest.raises(ValueError, match="queue structure"):
        experience.perceived_wait(table, "serpentine", settings)


def test_expectation_at_the_edges_of_the_band():
    settings = ExperienceSettings(expected_wait={"vip": 5.0}, tolerance=0.1)
    felt = [8.99, 9.0, 11.0, 11.01, 4.49, 4.5, 5.5, 5.51, 0.0]
    table = waits(felt, classes=["personal"] * 4 + ["vip"] * 4 + ["personal"],
                  outcomes=["served"] * 8 + ["balked"])
    judged = experience.expectation(table, pd.Series(felt), settings, default_wait=10.0)
    better, same, worse = experience.CATEGORIES
    assert judged.tolist()[:8] == [better, same, same, worse] * 2
    assert pd.isna(judged.iloc[8])
    assert list(judged.cat.categories) == list(experience.CATEGORIES)


def test_default_expected_wait_overrides_the_target():
    settings = ExperienceSettings(default_expected_wait=20.0)
    judged = experience.expectation(waits([15.0]), pd.Series([15.0]), settings, 10.0)
    assert judged.tolist() == ["better_than_expected"]


# KPIs and settings. ------------------------------------------------------------------------


def test_experience_kpis_of_the_hand_built_log():
    table = log(LINES).assign(**{"class": lambda t: t["class"].astype("category")})
    settings = ExperienceSettings(standing=1.0, uncertain=1.0, tolerance=0.0)
    kpis = experience.experience_kpis(table, "multi_line", settings, PRIORITIES, ELIGIBLE, 2.0)
    assert list(kpis) == list(experience.KPI_NAMES)
    # joined: 7; slipped: 1 and 2; illegitimate slips 2 + 1; waits 0, 8, 5, 1, 1, 1, 2
    assert kpis["overtaken_share"] == pytest.approx(2 / 7)
    assert kpis["illegitimate_overtakes"] == pytest.approx(3 / 7)
    assert kpis["perceived_wait_mean"] == pytest.approx(18 / 7)
    assert (kpis["better_than_expected"], kpis["as_expected"],
            kpis["worse_than_expected"]) == pytest.approx((4 / 7, 1 / 7, 2 / 7))
    # a subset with the overtakes of the whole replication: the vip passed personal customers
    personal = table[table["class"] == "personal"]
    overtaken = experience.overtakes(table, PRIORITIES, ELIGIBLE)
    subset = experience.experience_kpis(personal, "multi_line", settings, PRIORITIES, ELIGIBLE,
                                        2.0, overtaken=overtaken)
    assert subset["overtaken_share"] == pytest.approx(2 / 5)
    empty = experience.experience_kpis(table.iloc[:0], "multi_line", settings, PRIORITIES,
                                       ELIGIBLE, 2.0)
    assert all(math.isnan(value) for value in empty.values())


def test_settings_are_frozen_strict_and_described():
    settings = ExperienceSettings()
    assert (settings.standing, settings.seated, settings.tolerance) == (1.33, 1.0, 0.1)
    assert all(field.description for field in ExperienceSettings.model_fields.values())
    with pytest.raises(pydantic.ValidationError):
        ExperienceSettings(standng=1.2)
    with pytest.raises(pydantic.ValidationError):
        ExperienceSettings(expected_wait={"vip": 0})
    with pytest.raises(pydantic.ValidationError):
        settings.standing = 2.0  # frozen
