"""Comparing options on common random numbers: paired differences, --vary grids, errors."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from queuesim import Results, ScenarioError
from queuesim.compare import (
    Comparison,
    compare,
    expand,
    hall_differences,
    holm,
    paired_differences,
    summarise,
    sweep_table,
)

NANHU = "scenarios/nanhu_branch.yaml"
NANHU_VARIANTS = [NANHU, "scenarios/nanhu_single_line.yaml", "scenarios/nanhu_ticket.yaml"]


def small_hall(**fields) -> dict:
    """Three morning hours, one class of exponential service, a pool of identical counters."""
    hall = {
        "name": "small hall",
        "clock": {"open": "09:00", "close": "12:00"},
        "customers": {"all": {"share": 1.0,
                              "service_time": {"dist": "exponential", "mean": 5}}},
        "arrivals": {"per_hour": 40},
        "counters": {"count": 4},
        "replications": 10,
        "seed": 7,
    }
    hall.update(fields)
    return hall


def overall(comparison: Comparison, table: str, kpi: str) -> pd.DataFrame:
    frame = getattr(comparison, table)
    return frame[(frame["part"] == "overall") & (frame["kpi"] == kpi)]


def unpaired_half_width(comparison: Comparison, kpi: str) -> float:
    """Half-width of the Welch interval of the difference, as if the runs were independent."""
    table = comparison.kpis["overall"]
    first, second = (table.loc[table["option"] == o.name, kpi].to_numpy()
                     for o in comparison.options)
    variances = first.var(ddof=1) / len(first), second.var(ddof=1) / len(second)
    freedom = sum(variances) ** 2 / sum(v**2 / (len(first) - 1) for v in variances)
    return float(stats.t.ppf(0.975, freedom) * math.sqrt(sum(variances)))


# Paired differences. ---------------------------------------------------------------------------

def test_a_scenario_compared_with_itself_differs_by_exactly_zero():
    options = expand([NANHU, NANHU])
    assert [o.name for o in options] == ["nanhu_branch", "nanhu_branch (2)"]
    comparison = compare(options, replications=5, workers=1)
    differences = comparison.differences
    assert set(differences["option"]) == {"nanhu_branch (2)"}
    assert set(differences["part"]) == {"overall", "by_class", "by_counter", "by_hour"}
    assert len(differences) == len(comparison.summary) / 2
    defined = differences[differences["n"] >= 2]
    assert len(defined) > 0.9 * len(differences)
    assert (defined["mean"] == 0).all()
    assert (defined["low"] == 0).all() and (defined["high"] == 0).all()
    assert (defined["p_value"] == 1.0).all() and (defined["p_holm"] == 1.0).all()
    assert not differences["significant"].any()
    assert (overall(comparison, "differences", "wait_mean")["n"] == 5).all()


def test_the_three_nanhu_structures_are_compared_on_the_same_customers():
    comparison = compare(expand(NANHU_VARIANTS), replications=5, workers=1)
    names = [o.name for o in comparison.options]
    assert names == ["nanhu_branch", "nanhu_single_line", "nanhu_ticket"]
    assert comparison.seed == 2026 and comparison.replications == 5
    differences = comparison.differences
    assert list(differences["option"].unique()) == names[1:]
    arrivals = differences[differences["kpi"] == "arrivals"]
    assert (arrivals["mean"] == 0).all() and not arrivals["significant"].any()
    wait = overall(comparison, "differences", "wait_mean")
    assert list(wait["option"]) == names[1:] and (wait["n"] == 5).all()
    assert (wait["low"] < wait["mean"]).all() and (wait["mean"] < wait["high"]).all()
    assert ((wait["low"] > 0) | (wait["high"] < 0) == wait["significant"]).all()
    summary = overall(comparison, "summary", "wait_mean")
    means = summary.set_index("option")["mean"]
    assert wait.set_index("option")["mean"].to_dict() == pytest.approx(
        {name: means[name] - means[names[0]] for name in names[1:]})


def test_paired_interval_is_narrower_than_unpaired_for_three_against_four_counters():
    hall = small_hall(counters={"count": 3})
    comparison = compare(expand([hall], ["counters.count=3,4"]), workers=1)
    wait = overall(comparison, "differences", "wait_mean").iloc[0]
    assert wait["mean"] < 0 and wait["significant"]
    assert (wait["high"] - wait["low"]) / 2 < 0.8 * unpaired_half_width(comparison, "wait_mean")


def test_common_random_numbers_detect_a_small_speed_gain_that_two_intervals_blur():
    comparison = compare(expand([small_hall()], ["counters.speed=1.0,1.1"]), workers=1)
    wait = overall(comparison, "differences", "wait_mean").iloc[0]
    assert wait["significant"] and wait["high"] < 0
    assert (wait["high"] - wait["low"]) / 2 < 0.6 * unpaired_half_width(comparison, "wait_mean")
    first, faster = overall(comparison, "summary", "wait_mean").itertuples()
    assert faster.high > first.low  # the two separate intervals overlap


def test_hand_made_table_gives_the_textbook_paired_t_interval():
    before = [12.0, 15.5, 9.0, 20.0, 14.0, 11.5]
    after = [10.0, 14.0, math.nan, 16.5, 13.5, 9.0]
    table = pd.DataFrame({
        "option": ["before"] * 6 + ["after"] * 6, "replication": list(range(6)) * 2,
        "group": "all", "wait_mean": before + after, "arrivals": [40] * 12})
    differences = paired_differences({"overall": table})
    wait = differences.set_index("kpi").loc["wait_mean"]
    kept = [i for i in range(6) if not math.isnan(after[i])]
    pairs = np.array([after[i] - before[i] for i in kept])
    expected = stats.ttest_rel([after[i] for i in kept], [before[i] for i in kept])
    low, high = stats.t.interval(0.95, len(pairs) - 1, loc=pairs.mean(), scale=stats.sem(pairs))
    assert wait["n"] == 5 and wait["mean"] == pytest.approx(pairs.mean())
    assert (wait["low"], wait["high"]) == pytest.approx((low, high))
    assert wait["p_value"] == pytest.approx(expected.pvalue)
    assert wait["significant"] == (high < 0)
    arrivals = differences.set_index("kpi").loc["arrivals"]
    assert (arrivals["mean"], arrivals["low"], arrivals["high"]) == (0, 0, 0)
    assert arrivals["p_value"] == 1.0 and not arrivals["significant"]
    assert wait["p_holm"] == pytest.approx(min(1.0, 2 * wait["p_value"]))


def test_summary_uses_the_run_intervals_and_skips_undefined_replications():
    table = pd.DataFrame({"option": "a", "replication": [0, 1, 2], "group": "all",
                          "service_level": [0.9, math.nan, 1.0]})
    row = summarise({"overall": table}).iloc[0]
    assert row["n"] == 2 and row["mean"] == pytest.approx(0.95) and row["high"] == 1.0


def test_holm_steps_down_and_leaves_undefined_out():
    adjusted = holm(pd.Series([0.01, 0.04, 0.03, math.nan]))
    assert adjusted.iloc[:3].tolist() == pytest.approx([0.03, 0.06, 0.06])
    assert math.isnan(adjusted.iloc[3])


# Options from --vary. ---------------------------------------------------------------------------

def test_vary_makes_the_cartesian_grid_in_the_given_order():
    options = expand([small_hall()], ["counters.count=1,2", "arrivals.scale=1.0,1.5,2"])
    assert len(options) == 6
    assert options[0].name == "small hall [counters.count=1, arrivals.scale=1.0]"
    assert options[1].name == "small hall [counters.count=1, arrivals.scale=1.5]"
    assert options[5].name == "small hall [counters.count=2, arrivals.scale=2]"
    assert options[5].settings == {"counters.count": 2, "arrivals.scale": 2}
    assert [len(o.scenario.counters) for o in options] == [1, 1, 1, 2, 2, 2]
    assert [o.scenario.arrivals.scale for o in options] == [1.0, 1.5, 2.0] * 2


def test_several_files_and_a_vary_multiply():
    options = expand(NANHU_VARIANTS, ["queue.structure=single_line,multi_line,ticket"])
    assert len(options) == 9 and len({o.name for o in options}) == 9
    assert options[4].name == "nanhu_single_line [queue.structure=multi_line]"
    assert options[4].scenario.queue.structure == "multi_line"
    assert options[4].source == "scenarios/nanhu_single_line.yaml"


def test_vary_values_split_only_at_top_level_commas():
    options = expand([NANHU], ["counters.T4.hours=['11:00-12:00', '13:00-14:00'],"
                               '["11:00-15:00"]'])
    assert [o.settings["counters.T4.hours"] for o in options] == [
        ["11:00-12:00", "13:00-14:00"], ["11:00-15:00"]]
    assert options[1].name == 'nanhu_branch [counters.T4.hours=["11:00-15:00"]]'
    hours = [next(c.hours for c in o.scenario.counters if c.id == "T4") for o in options]
    assert hours == [["11:00-12:00", "13:00-14:00"], ["11:00-15:00"]]


def test_set_overrides_apply_to_every_option():
    options = expand([small_hall()], ["counters.count=1,2"], overrides=["arrivals.scale=1.5"])
    assert [o.scenario.arrivals.scale for o in options] == [1.5, 1.5]


def error_text(sources, vary=()) -> str:
    with pytest.raises(ScenarioError) as caught:
        expand(sources, vary)
    return str(caught.value)


def test_a_bad_path_names_the_file_and_the_vary_text():
    text = error_text([NANHU], ['counters.T9.hours=["11:00-12:00"]'])
    assert text.startswith(f"{NANHU}: --vary 'counters.T9.hours=[\"11:00-12:00\"]'")
    assert "no item with id 'T9'" in text and "--set" not in text


def test_a_bad_value_names_the_vary_text_and_the_value():
    text = error_text([NANHU], ["queue.structure=single_line,serpentine"])
    assert text.startswith(f"{NANHU}: --vary 'queue.structure=single_line,serpentine' "
                           "(queue.structure=serpentine): queue.structure")


def test_a_combination_that_fails_names_every_vary_in_it():
    text = error_text([small_hall()], ["clock.close=11:00,12:00",
                                       'counters.hours=["09:00-12:00"],["09:00-11:00"]'])
    assert text.startswith("<scenario>: --vary 'clock.close=11:00,12:00' --vary 'counters.hours")
    assert "(clock.close=11:00, counters.hours=[\"09:00-12:00\"])" in text
    assert "outside opening hours" in text


@pytest.mark.parametrize(("vary", "problem"), [
    ("counters.count", "expected PATH=VALUE"),
    ('counters.T4.hours=["11:00-14:00"', "unclosed bracket"),
    ("counters.T4.speed=1.0]", "unbalanced ']'"),
    ("arrivals.scale=1.0,,1.2", "empty value"),
    ("seed=1,2", "same seed"),
])
def test_malformed_vary_is_explained(vary, problem):
    text = error_text([NANHU], [vary])
    assert text.startswith(f"--vary {vary!r}: ") and problem in text


def test_the_same_path_varied_twice_is_refused():
    assert "varied twice" in error_text([NANHU], ["arrivals.scale=1,2", "arrivals.scale=3"])


def test_a_file_that_does_not_validate_is_named_alone(tmp_path):
    missing = tmp_path / "missing.yaml"
    assert error_text([NANHU, missing], ["arrivals.scale=1,2"]) == f"{missing}: file not found"


# Running, views, determinism. -------------------------------------------------------------------

def test_same_inputs_give_identical_tables():
    options = expand([small_hall(replications=5)], ["counters.count=3,4"])
    one, two = compare(options, workers=1), compare(options, workers=1)
    for part in one.kpis:
        pd.testing.assert_frame_equal(one.kpis[part], two.kpis[part])
    pd.testing.assert_frame_equal(one.summary, two.summary)
    pd.testing.assert_frame_equal(one.differences, two.differences)
    assert one.to_dict() == two.to_dict()


def test_without_frames_only_the_kpi_tables_are_kept_and_progress_counts_all_runs():
    options = expand([small_hall(replications=3)], ["counters.count=3,4"])
    seen: list[int] = []
    light = compare(options, seed=1, workers=1, keep_frames=False, progress=seen.append)
    assert light.results == [None, None] and seen[-1] == 6 and seen == sorted(seen)
    assert set(light.kpis["overall"]["option"]) == {o.name for o in options}
    full = compare(options, seed=1, workers=1)
    assert all(isinstance(r, Results) and len(r.customers) for r in full.results)
    pd.testing.assert_frame_equal(light.summary, full.summary)


def test_table_and_json_views():
    comparison = compare(expand([small_hall(replications=4)], ["counters.count=3,4"]), workers=1)
    names = [o.name for o in comparison.options]
    wide = comparison.table(("wait_mean", "service_level"))
    assert list(wide.index) == names
    assert wide[("wait_mean", "mean")].tolist() == overall(
        comparison, "summary", "wait_mean")["mean"].tolist()
    assert math.isnan(wide.loc[names[0], ("wait_mean", "difference")])
    by_counter = comparison.table(("utilization",), part="by_counter")
    assert by_counter.index.names == ["option", "group"] and len(by_counter) == 7
    with pytest.raises(ScenarioError, match="did you mean 'wait_mean'"):
        comparison.table(("wait_man",))
    document = json.loads(json.dumps(comparison.to_dict(), allow_nan=False))
    assert document["seed"] == 7 and document["replications"] == 4
    first, second = document["options"]
    assert "difference" not in first and first["settings"] == {"counters.count": 3}
    assert set(second["difference"]["wait_mean"]) == {"mean", "ci95", "p_value", "p_holm",
                                                       "significant"}
    assert second["kpis"]["wait_mean"]["n"] == 4


def test_sweep_table_has_a_row_per_option_with_its_settings():
    options = expand([small_hall(replications=3)], ["counters.count=3,4", "arrivals.scale=1,1.2"])
    comparison = compare(options, workers=1, keep_frames=False)
    table = sweep_table(comparison, "wait_mean")
    assert list(table.columns) == ["option", "counters.count", "arrivals.scale", "mean", "low",
                                   "high", "n"]
    assert table["counters.count"].tolist() == [3, 3, 4, 4]
    assert table["arrivals.scale"].tolist() == [1, 1.2, 1, 1.2]
    by_class = sweep_table(comparison, "wait_mean", part="by_class")
    assert len(by_class) == 4 and set(by_class["group"]) == {"all"}


@pytest.mark.parametrize("other", ["canteen_lunch", "telecom_hall"])
def test_a_different_hall_is_refused_before_simulating(other):
    # The canteen opens at 11:00 with dishes and noodles; the telecom hall shares only 'vip',
    # one of the bank's three classes: neither can be an option of the bank branch.
    options = expand([NANHU, f"scenarios/{other}.yaml"])
    with pytest.raises(ScenarioError, match=rf"scenarios/{other}.yaml: not the same hall as "
                                            r"nanhu_branch \(opens at"):
        compare(options, replications=1, workers=1)


def test_the_same_hall_with_added_customers_is_compared_with_a_warning():
    assert hall_differences(expand(NANHU_VARIANTS)) == []
    warnings = hall_differences(expand([NANHU, "scenarios/nanhu_rectified.yaml"]))
    assert [w["option"] for w in warnings] == ["nanhu_rectified"]
    assert "(business_booked)" in warnings[0]["message"]
