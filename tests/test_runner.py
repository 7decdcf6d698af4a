"""Replications: the same numbers whatever the number of workers, and common random numbers
across compared configurations."""

from __future__ import annotations

import pandas as pd

from queuesim import load_scenario, simulate
from queuesim.runner import simulate_many

NANHU = "scenarios/nanhu_branch.yaml"


def test_same_seed_same_numbers_whatever_the_workers():
    one = simulate(NANHU, replications=4, seed=9, workers=1)
    two = simulate(NANHU, replications=4, seed=9, workers=2)
    pd.testing.assert_frame_equal(one.customers, two.customers)
    pd.testing.assert_frame_equal(one.timeline, two.timeline)
    assert one.summary == two.summary


def test_a_replication_does_not_depend_on_how_many_run():
    few = simulate(NANHU, replications=2, seed=9, workers=1)
    more = simulate(NANHU, replications=5, seed=9, workers=2)
    first_two = more.customers[more.customers["replication"] < 2].reset_index(drop=True)
    pd.testing.assert_frame_equal(few.customers, first_two)


def test_other_seed_other_numbers():
    a = simulate(NANHU, replications=2, seed=1, workers=1)
    b = simulate(NANHU, replications=2, seed=2, workers=1)
    assert not a.customers["arrival"].equals(b.customers["arrival"])


def test_compared_structures_see_the_same_customers():
    multi = simulate(NANHU, replications=2, workers=1)
    ticket = simulate(load_scenario(NANHU, ["queue.structure=ticket"]), replications=2, workers=1)
    columns = ["replication", "customer", "class", "arrival"]
    pd.testing.assert_frame_equal(multi.customers[columns], ticket.customers[columns])
    assert not multi.customers["wait"].equals(ticket.customers["wait"])


def test_summary_shape_and_counts_add_up():
    results = simulate(NANHU, replications=3, workers=1)
    summary = results.summary
    assert summary["replications"] == 3 and summary["seed"] == 2026
    assert set(summary["by_class"]) == {"personal", "business", "vip"}
    assert set(summary["by_counter"]) == {"T1", "T2", "T3", "T4", "V1"}
    overall = results.kpis["overall"]
    ends = overall[["served", "balked", "reneged", "no_show", "unserved"]].sum(axis=1)
    assert (ends == overall["arrivals"]).all()
    per_class = results.kpis["by_class"].groupby("replication")["arrivals"].sum()
    assert (per_class.to_numpy() == overall["arrivals"].to_numpy()).all()
    per_hour = results.kpis["by_hour"].groupby("replication")["arrivals"].sum()
    assert (per_hour.to_numpy() == overall["arrivals"].to_numpy()).all()


def test_scenarios_sharing_one_pool_give_what_each_gives_alone():
    scenarios = [load_scenario(NANHU), load_scenario(NANHU, ["queue.structure=ticket"])]
    done = []
    together = simulate_many(scenarios, 5, seed=4, workers=2, progress=done.append)
    assert done[-1] == 10 and done == sorted(done)
    for scenario, result in zip(scenarios, together, strict=True):
        alone = simulate(scenario, replications=5, seed=4, workers=1)
        pd.testing.assert_frame_equal(result.customers, alone.customers)
        for part, table in alone.kpis.items():
            pd.testing.assert_frame_equal(result.kpis[part], table)
        assert result.summary == alone.summary
