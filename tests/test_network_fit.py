"""Branches fitted from a visit log: each branch's hall is learnt from its own rows, on the
workers, the same on every engine; a fit is not redone for the same rows; a branch whose rows
cannot be fitted is named and the others finish."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from network_helpers import hall, league_bytes, write_visit_log
from queuesim import load_scenario
from queuesim.cli import app
from queuesim.errors import ScenarioError
from queuesim.network import load_network
from queuesim.network.engines import DaskEngine, LocalEngine
from queuesim.network.execute import execute, prepare

DAYS = 8
HOURS = 2
HALLS = {"east": hall("East", 40, 2, close="11:00"),
         "north": hall("North", 70, 4, close="11:00"),
         "south": hall("South", 25, 1, close="11:00")}
HALLS["north"]["customers"]["all"]["service_time"]["mean"] = 4.5


def _network(folder, file: str = "network.yaml", **fit) -> object:
    network = {"name": "Fitted region", "seed": 5, "replications": 4,
               "branches": [{"visit_log": "visits.csv", **({"fit": fit} if fit else {})}],
               "what_ifs": {"faster": ["arrivals.scale=0.8"]}}
    path = folder / file
    path.write_text(yaml.safe_dump(network, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    """Three halls' visits in one log, and a fourth branch whose rows are only walk-outs
    (no served visit: no service time to fit)."""
    folder = tmp_path_factory.mktemp("fitted")
    log = write_visit_log(folder / "visits.csv", HALLS, DAYS)
    table = pd.read_csv(log, dtype=str)
    broken = table[(table["branch"] == "south") & (table["outcome"] == "abandoned")]
    pd.concat([table, broken.assign(branch="broken")]).to_csv(log, index=False)
    return _network(folder, period=60)


@pytest.fixture(scope="module")
def reference(network, tmp_path_factory):
    """The run on one worker, in this process."""
    out = tmp_path_factory.mktemp("one-worker")
    run = execute(prepare(network, "compare", out), LocalEngine(1))
    return run, league_bytes(out)


def _fitted(out, name: str) -> dict:
    return yaml.safe_load((out / "branches" / name / "scenario.yaml").read_text("utf-8"))


def test_each_fitted_hall_recovers_its_generator(reference):
    """Arrivals per day within 3.5 standard errors of the generator's (Poisson over DAYS
    days), the service mean within 3.5 of its (exponential) and the counters as generated."""
    run, _ = reference
    for name, generator in HALLS.items():
        fitted = _fitted(run.out, name)
        expected = generator["arrivals"]["per_hour"] * HOURS
        per_day = sum(fitted["arrivals"]["per_class"]["all"].values())  # 60-min periods
        assert abs(per_day - expected) < 3.5 * math.sqrt(expected / DAYS), name
        mean = generator["customers"]["all"]["service_time"]["mean"]
        served = 0.7 * expected * DAYS  # fewer than were served: a wider tolerance
        assert abs(load_scenario(fitted).customers["all"].service_time.mean - mean) < (
            3.5 * mean / math.sqrt(served)), name
        assert len(fitted["counters"]) == generator["counters"]["count"], name


def test_the_fitted_scenario_says_where_it_came_from(reference):
    run, _ = reference
    text = (run.out / "branches" / "north" / "scenario.yaml").read_text("utf-8")
    assert text.startswith("# Learnt by queuesim fit from visits.csv")
    assert "# Branch north of visits.csv, fitted from its own" in text
    assert _fitted(run.out, "north")["name"] == "north"


def test_a_branch_whose_rows_cannot_be_fitted_is_named_and_the_others_finish(reference):
    run, _ = reference
    assert [failure.name for failure in run.failures] == ["broken"]
    assert "visits.csv: no served visit with a service time to fit" in run.failures[0].message
    assert run.evaluated == ["east", "north", "south"]
    assert set(run.tables["branches"]["branch"]) == {"east", "north", "south"}


def test_the_command_exits_1_naming_the_branch(network, tmp_path):
    result = CliRunner().invoke(app, ["network", "run", str(network), "--out", str(tmp_path),
                                      "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "branch broken failed: " in result.stderr


def test_two_local_processes_and_a_dask_cluster_give_the_one_worker_league(network, reference,
                                                                           tmp_path):
    execute(prepare(network, "compare", tmp_path / "local"), LocalEngine(2))
    assert league_bytes(tmp_path / "local") == reference[1]
    with DaskEngine("local", workers=2) as cluster:
        execute(prepare(network, "compare", tmp_path / "dask"), cluster)
    assert league_bytes(tmp_path / "dask") == reference[1]


def test_a_new_what_if_reuses_the_stored_fits(network, tmp_path, monkeypatch):
    first = execute(prepare(network, "compare", tmp_path), LocalEngine(1))
    stored = (tmp_path / "branches" / "east" / "scenario.yaml").read_bytes()
    again = execute(prepare(network, "compare", tmp_path), LocalEngine(1))
    assert again.reused == 3  # the broken branch is tried again
    assert league_bytes(tmp_path) == league_bytes(first.out)

    def no_fit(*args, **kwargs):
        raise AssertionError("fitted again")

    monkeypatch.setattr("queuesim.calibration.fit.fit", no_fit)
    document = yaml.safe_load(network.read_text("utf-8"))
    document["what_ifs"]["one_more"] = ["arrivals.scale=1.2"]
    network.with_name("more.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    more = execute(prepare(network.with_name("more.yaml"), "compare", tmp_path),
                   LocalEngine(1))
    assert more.reused == 0 and [failure.name for failure in more.failures] == ["broken"]
    assert "AssertionError: fitted again" in more.failures[0].message
    assert (tmp_path / "branches" / "east" / "scenario.yaml").read_bytes() == stored
    assert set(more.tables["effects"]["what_if"]) == {"faster", "one_more"}


def test_other_fit_options_fit_again(network, tmp_path):
    execute(prepare(network, "run", tmp_path), LocalEngine(1))
    halves = _network(network.parent, "halves.yaml", period=30)
    again = execute(prepare(halves, "run", tmp_path), LocalEngine(1))
    assert again.reused == 0
    assert "periods of 30 min" in (tmp_path / "branches" / "east" / "scenario.yaml").read_text(
        "utf-8")


def test_rows_without_a_branch_are_reported_not_fitted(tmp_path):
    write_visit_log(tmp_path / "visits.csv", {"east": HALLS["east"], "": HALLS["south"]}, 2)
    run = prepare(_network(tmp_path), "run", tmp_path / "out")
    assert [job.name for job in run.jobs] == ["east"]
    assert run.failures[0].name == "(no branch)"
    assert "visits name no branch; they were not fitted" in run.failures[0].message


def test_a_log_without_branches_is_a_network_error(tmp_path):
    write_visit_log(tmp_path / "visits.csv", {"": HALLS["east"]}, 2)
    with pytest.raises(ScenarioError, match=r"branches\[0\].visit_log: the log names no branch"):
        prepare(_network(tmp_path), "run", tmp_path / "out")


@pytest.mark.parametrize(("fit", "message"), [
    ({"period": 20}, "branches[0].fit.period: "),
    ({"days": "mon-frx"}, "branches[0].fit.days: unknown day 'frx'"),
    ({"formt": "visits"}, "branches[0].fit.formt: unknown key (did you mean 'format'?)"),
])
def test_bad_fit_options_are_one_line_naming_the_field(tmp_path, fit, message):
    with pytest.raises(ScenarioError) as caught:
        load_network(_network(tmp_path, **fit))
    assert message in str(caught.value) and len(caught.value.problems) == 1


def test_fit_options_belong_to_a_visit_log(tmp_path):
    path = tmp_path / "network.yaml"
    path.write_text(yaml.safe_dump({"name": "x", "branches": [
        {"file": "east.yaml", "fit": {"period": 30}}]}), encoding="utf-8")
    with pytest.raises(ScenarioError, match="fit: only a visit_log entry is fitted"):
        load_network(path)


def test_the_days_chosen_are_the_days_fitted(network, tmp_path):
    """``fit.days`` picks the weekdays as ``queuesim fit --days`` does: fewer days fitted."""
    run = prepare(_network(network.parent, "weekdays.yaml", days="mon-fri"), "run", tmp_path)
    east = next(job for job in run.jobs if job.name == "east")
    assert east.fit.log.table["day"].dt.day_of_week.max() <= 4
    assert east.fit.log.table["day"].nunique() == 6  # 8 days from a Monday: two are a weekend


def test_the_example_log_gives_three_branches_to_fit():
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "network_visits.yaml"
    run = prepare(example, "compare", None)
    assert run.failures == [] and [job.name for job in run.jobs] == ["beihai", "nanhu",
                                                                      "xishan"]
    assert {len(job.fit.changes) for job in run.jobs} == {3}
