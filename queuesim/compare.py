"""Comparing options of a hall on common random numbers: paired differences with 95 % CIs.

An *option* is one configuration of a hall: a scenario file, or a file with some fields changed
(``--vary counters.count=3,4,5`` makes three options, several ``--vary`` make their grid).
:func:`compare` simulates every option with the same seed and the same replications, so
replication *r* of every option sees the same customers (see :mod:`queuesim.model.draws`), and
reports each option's KPIs and, for every option after the first, its **paired** difference from
the first: ``option − first`` replication by replication, with a Student-t 95 % CI and p-value
over replications.

Why paired differences. On common random numbers the two options' figures for the same day rise
and fall together (a busy day is busy for both), so Var(X − Y) = Var X + Var Y − 2 Cov(X, Y) is
far smaller than Var X + Var Y. The paired CI uses the spread of the differences themselves, so
it is much narrower than two separate CIs suggest (for a small change such as 10 % faster
counters, half as wide or less). Judging by whether two CIs overlap throws the covariance away
and misses real differences that the paired test finds with the same replications; two runs
with different seeds lose it too. A difference is ``significant`` when its 95 % CI excludes 0.

Many comparisons. Each row is its own test at the 5 % level. With 18 KPIs, several parts (by
class, counter, hour) and several options, some rows will be "significant" by chance alone: about
one in twenty of the differences that are really zero. Decide beforehand which one or two KPIs
answer the question and read those; treat a lone significant row among hundreds with suspicion.
``p_holm`` adjusts the p-values by Holm's method within each option and part (the overall KPIs
of an option form one family, its per-class rows another, and so on); KPIs are strongly
correlated, so it is conservative.

Times are minutes, as everywhere in queuesim.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special

from . import diagnostics, i18n
from .errors import ScenarioError, did_you_mean
from .loader import apply_override, load_scenario
from .metrics import confidence_interval, student_t_quantile
from .runner import TABLES, Results, simulate_many
from .scenario import Scenario

PARTS = ("overall", "by_class", "by_counter", "by_hour")
DEFAULT_KPIS = ("wait_mean", "wait_p90", "service_level", "abandon_rate", "utilization")
_KEYS = ("option", "replication", "group")
_RUN_SETTINGS = ("seed", "replications")


@dataclass(frozen=True)
class Option:
    """One configuration of a hall to compare.

    ``settings`` holds the varied fields as ``{PATH: value}`` (values read as YAML), empty for a
    file taken as it is; ``source`` is the file it came from (``"<scenario>"`` for a mapping).
    """

    name: str
    scenario: Scenario
    settings: dict[str, object] = field(default_factory=dict)
    source: str = ""


# Options: files × --vary grid. ------------------------------------------------------------------

@dataclass(frozen=True)
class _Vary:
    """One ``--vary PATH=v1,v2,…``: the text as given, the path and the value texts."""

    text: str
    path: str
    values: tuple[str, ...]

    def override(self, value: str) -> str:
        return f"{self.path}={value}"


def expand(scenario_sources: Sequence[str | Path | Mapping], vary: Iterable[str] = (),
           overrides: Iterable[str] = ()) -> list[Option]:
    """The options to compare: every source, times the grid of every ``--vary``.

    Parameters
    ----------
    scenario_sources
        Scenario YAML files (or mappings). Options are named by the file stem; duplicates get the
        folder or a number: ``nanhu_branch``, ``nanhu_branch (2)``.
    vary
        ``"PATH=v1,v2,…"`` texts, e.g. ``"counters.count=3,4,5"`` or
        ``'counters.T4.hours=["11:00-14:00"],["11:00-15:00"]'``. Values are read as YAML like
        ``--set`` values and split at commas outside brackets and quotes. Several ``vary`` make
        their cartesian product, the first varying slowest; the options are then named
        ``stem [path=value, …]``.
    overrides
        ``--set`` texts applied to every option before the varied fields.

    Raises
    ------
    ScenarioError
        Naming the file and, when a varied value is to blame, the ``--vary`` text.
    """
    sources = list(scenario_sources)
    if not sources:
        raise ScenarioError("no scenario to compare: give one or more scenario files")
    grids = [_parse_vary(text) for text in vary]
    paths = [grid.path for grid in grids]
    for path in dict.fromkeys(p for p in paths if paths.count(p) > 1):
        raise ScenarioError(f"--vary: {path} is varied twice; give all its values in one --vary")
    overrides = list(overrides)
    names = _unique_names(sources)
    return [option for source, name in zip(sources, names, strict=True)
            for option in _expand_source(source, name, grids, overrides)]


def _parse_vary(text: str) -> _Vary:
    path, equals, values_text = text.partition("=")
    path = path.strip()
    if not equals or not path:
        raise ScenarioError(f"--vary {text!r}: expected PATH=VALUE,VALUE,…, e.g. "
                            "counters.count=3,4,5")
    if path in _RUN_SETTINGS:
        raise ScenarioError(f"--vary {text!r}: every option runs with the same {path} (common "
                            f"random numbers); set it for the whole comparison instead")
    try:
        values = _split_values(values_text)
    except ValueError as error:
        raise ScenarioError(f"--vary {text!r}: {error}") from None
    if any(not value for value in values):
        raise ScenarioError(f"--vary {text!r}: empty value; separate values with single commas")
    return _Vary(text, path, tuple(values))


def _split_values(text: str) -> list[str]:
    """Split at commas that are outside brackets, braces and quotes: ``[1,2],[3]`` → 2 values."""
    values, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced {char!r} at character {index + 1} of the values")
        elif char == "," and depth == 0:
            values.append(text[start:index])
            start = index + 1
    if depth or quote:
        raise ValueError(f"unclosed {quote or 'bracket'} in the values")
    values.append(text[start:])
    return [value.strip() for value in values]


def _unique_names(sources: list) -> list[str]:
    """File stems; a stem shared by several files gets its folder when that tells them apart,
    else a number: ``nanhu_branch``, ``nanhu_branch (2)``."""
    stems = [_stem(source) for source in sources]
    qualified = [f"{Path(source).parent.name}/{stem}" if isinstance(source, (str, Path)) else stem
                 for source, stem in zip(sources, stems, strict=True)]
    names = [long if stems.count(stem) > 1 and qualified.count(long) == 1 else stem
             for stem, long in zip(stems, qualified, strict=True)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _stem(source) -> str:
    if isinstance(source, (str, Path)):
        return Path(source).stem
    return str(source.get("name", "scenario"))


def _label(source) -> str:
    return str(source) if isinstance(source, (str, Path)) else "<scenario>"


def _expand_source(source, name: str, grids: list[_Vary], overrides: list[str]) -> list[Option]:
    base = load_scenario(source, overrides)  # the file on its own: its errors name it alone
    if not grids:
        return [Option(name, base, {}, _label(source))]
    options = []
    for values in itertools.product(*(grid.values for grid in grids)):
        chosen = list(zip(grids, values, strict=True))
        scenario = _load_varied(source, overrides, chosen)
        label = ", ".join(grid.override(value) for grid, value in chosen)
        settings = {grid.path: _read_value(value) for grid, value in chosen}
        options.append(Option(f"{name} [{label}]", scenario, settings, _label(source)))
    return options


def _read_value(text: str) -> object:
    """A value as ``--set`` reads it (YAML, clock times kept as text)."""
    holder: dict = {}
    apply_override(holder, f"value={text}")
    return holder["value"]


def _load_varied(source, overrides: list[str], chosen: list[tuple[_Vary, str]]) -> Scenario:
    try:
        return load_scenario(source, [*overrides, *(g.override(v) for g, v in chosen)])
    except ScenarioError as combined:
        for grid, value in chosen if len(chosen) > 1 else ():  # is one value wrong on its own?
            try:
                load_scenario(source, [*overrides, grid.override(value)])
            except ScenarioError as alone:
                raise _varied_error(alone, source, [(grid, value)]) from None
        raise _varied_error(combined, source, chosen) from None


def _varied_error(error: ScenarioError, source, chosen: list[tuple[_Vary, str]]) -> ScenarioError:
    """The loader's problems, each prefixed by the ``--vary`` texts and values to blame."""
    blame = " ".join(f"--vary {grid.text!r}" for grid, _ in chosen)
    values = ", ".join(grid.override(value) for grid, value in chosen)
    lines = []
    for line in error.problems:
        for grid, value in chosen:
            line = line.removeprefix(f"--set {grid.override(value)!r}: ")
        lines.append(f"{blame} ({values}): {line}")
    return ScenarioError(lines, error.source or _label(source))


# Running and comparing. -------------------------------------------------------------------------

@dataclass
class Comparison:
    """Options simulated on common random numbers, their KPIs and paired differences.

    ``kpis`` are the per-replication tables of every option stacked, with an ``option`` column;
    ``summary`` has one row per (option, part, group, kpi) with ``mean``, ``low``, ``high``
    (95 % CI) and ``n``; ``differences`` one row per (option after the first, part, group, kpi)
    with the paired difference ``option − first``: ``mean``, ``low``, ``high``, ``n``,
    ``p_value``, ``p_holm`` and ``significant``. ``results`` holds each option's
    :class:`~queuesim.runner.Results`, or ``None`` when frames were not kept.
    """

    options: list[Option]
    results: list[Results | None]
    kpis: dict[str, pd.DataFrame]
    summary: pd.DataFrame
    differences: pd.DataFrame
    seed: int
    replications: int

    def table(self, kpis: Sequence[str] = DEFAULT_KPIS, part: str = "overall") -> pd.DataFrame:
        """Wide view for printing: one row per option (per option and group outside
        ``overall``), columns ``(kpi, statistic)`` with the mean, its CI, and the paired
        difference from the first option with its CI, p-value and significance."""
        kpis = _check_kpis(self.summary, part, kpis)
        keys = ["option", "part", "group", "kpi"]
        summary = self.summary[self.summary["part"] == part]
        difference = self.differences.rename(columns={
            "mean": "difference", "low": "difference_low", "high": "difference_high"})
        merged = summary.merge(difference.drop(columns=["n", "p_holm"]), on=keys, how="left")
        statistics = ["mean", "low", "high", "difference", "difference_low", "difference_high",
                      "p_value", "significant"]
        wide = merged.set_index(["option", "group", "kpi"])[statistics].unstack("kpi")
        rows = pd.MultiIndex.from_frame(summary[["option", "group"]].drop_duplicates())
        columns = pd.MultiIndex.from_product([kpis, statistics], names=["kpi", "statistic"])
        wide = wide.swaplevel(axis=1).reindex(index=rows, columns=columns)
        return wide.droplevel("group") if part == "overall" else wide

    def to_dict(self) -> dict:
        """The overall KPIs of every option and its difference from the first, JSON-ready
        (NaN becomes ``None``)."""
        summary = self.summary[self.summary["part"] == "overall"]
        differences = self.differences[self.differences["part"] == "overall"]
        options = []
        for index, option in enumerate(self.options):
            entry = {"name": option.name, "settings": _plain(option.settings), "kpis": {
                row.kpi: {"mean": _number(row.mean), "ci95": [_number(row.low),
                          _number(row.high)], "n": int(row.n)}
                for row in summary[summary["option"] == option.name].itertuples()}}
            if index:
                entry["difference"] = {row.kpi: _difference_entry(row) for row in differences[
                    differences["option"] == option.name].itertuples()}
            options.append(entry)
        return {"seed": self.seed, "replications": self.replications, "options": options}


def compare(options: Sequence[Option], replications: int | None = None, seed: int | None = None,
            workers: int | None = None, keep_frames: bool = True,
            progress: Callable[[int], None] | None = None) -> Comparison:
    """Simulate every option on the same customers and compare each with the first.

    Parameters
    ----------
    options
        From :func:`expand` (or made by hand); the first is the reference of the differences.
    replications, seed
        The same for every option (common random numbers); default: the first option's.
    workers
        Worker processes, one pool for all options (see :func:`queuesim.simulate`).
    keep_frames
        Keep each option's :class:`Results` (customers, timeline: what charts need). For big
        sweeps pass ``False``: only the per-replication KPI tables are kept.
    progress
        Called with the number of replications finished over all options, out of
        ``len(options) * replications``.
    """
    options = list(options)
    if not options:
        raise ScenarioError("no option to compare")
    hall_differences(options)
    names = [option.name for option in options]
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        raise ScenarioError(f"two options are named {name!r}; option names must be unique")
    first = options[0].scenario
    replications = replications or first.replications
    seed = first.seed if seed is None else seed
    results = simulate_many([option.scenario for option in options], replications, seed,
                            workers, progress, keep=TABLES if keep_frames else ())
    kpis = stack({option.name: result.kpis
                  for option, result in zip(options, results, strict=True)})
    if not keep_frames:
        results = [None] * len(options)
    return Comparison(options, results, kpis, summarise(kpis), paired_differences(kpis), seed,
                      replications)


def hall_differences(options: Sequence[Option]) -> list[dict]:
    """Refuse options that cannot be the same hall; warn about those whose customers differ.

    A paired difference reads the change that one option makes to the first on the same days.
    Options that open at another time, or share fewer than half of the first option's customer
    classes (a bank and a canteen, or a telecom hall), are different halls: their differences
    mean nothing, so they are refused. Options whose classes differ less (a hall that adds
    booked customers) are compared, with a warning that part of the difference is a change of
    customers.
    """
    first = options[0]
    classes, opening = set(first.scenario.customers), first.scenario.clock.open
    warnings = []
    for option in options[1:]:
        others = set(option.scenario.customers)
        if option.scenario.clock.open != opening or 2 * len(classes & others) < len(classes):
            raise ScenarioError(i18n.say(
                "msg.not_same_hall", source=option.source, first=first.name,
                opens=option.scenario.clock.open, classes=", ".join(sorted(others)),
                first_opens=opening, first_classes=", ".join(sorted(classes))))
        if others != classes:
            warning = {"code": "other_customers", "option": option.name,
                       "baseline": first.name, "classes": sorted(classes ^ others)}
            warnings.append({**warning, "message": diagnostics.text(warning, "en")})
    return warnings


def stack(tables: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Per-replication KPI tables of several options, ``{option: results.kpis}``, stacked per
    part with an ``option`` column first."""
    stacked = {}
    for part in PARTS:
        frames = [kpis[part].assign(option=name) for name, kpis in tables.items()
                  if part in kpis and not kpis[part].empty]
        if not frames:
            stacked[part] = pd.DataFrame(columns=list(_KEYS))
            continue
        table = pd.concat(frames, ignore_index=True)
        stacked[part] = table[["option", *[c for c in table.columns if c != "option"]]]
    return stacked


def summarise(kpis: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Mean, 95 % CI (``low``, ``high``) and ``n`` of every option, part, group and KPI, with
    the same rules as a single run (:func:`queuesim.metrics.confidence_interval`)."""
    rows = []
    for option, part, group, kpi, values in _cells(kpis):
        interval = confidence_interval(values.to_numpy(), kpi=kpi)
        low, high = interval["ci95"]
        rows.append({"option": option, "part": part, "group": group, "kpi": kpi,
                     "mean": _nan(interval["mean"]), "low": _nan(low), "high": _nan(high),
                     "n": interval["n"]})
    return _in_option_order(pd.DataFrame(rows, columns=[
        "option", "part", "group", "kpi", "mean", "low", "high", "n"]), kpis)


def paired_differences(kpis: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Paired differences ``option − first`` over replications, for every option after the
    first (in order of appearance) and every part, group and KPI both have.

    Replications where either value is NaN are left out. ``low``, ``high``: Student-t 95 % CI
    of the mean difference; ``p_value``: two-sided paired t-test; when every difference is 0
    the CI is [0, 0] and ``p_value`` 1. ``p_holm``: Holm-adjusted within each option and part.
    """
    cells = list(_cells(kpis))
    first = cells[0][0] if cells else None
    reference = {(part, group, kpi): values for option, part, group, kpi, values in cells
                 if option == first}
    rows = []
    for option, part, group, kpi, values in cells:
        base = reference.get((part, group, kpi))
        if option == first or base is None:
            continue
        test = paired_t(values.sub(base).dropna().to_numpy())
        rows.append({"option": option, "part": part, "group": group, "kpi": kpi, **test})
    table = pd.DataFrame(rows, columns=["option", "part", "group", "kpi", "mean", "low", "high",
                                        "n", "p_value"])
    table["p_holm"] = table.groupby(["option", "part"], sort=False)["p_value"].transform(holm)
    table["significant"] = (table["low"] > 0) | (table["high"] < 0)
    return _in_option_order(table, kpis)


def paired_t(differences: np.ndarray, level: float = 0.95) -> dict:
    """Mean, Student-t CI (``low``, ``high``), ``n`` and two-sided p-value of paired
    differences (no NaN). Constant differences give a zero-width CI: p 1 when they are all 0,
    p 0 otherwise."""
    n = len(differences)
    mean = float(differences.mean()) if n else math.nan
    if n < 2:
        return {"mean": mean, "low": math.nan, "high": math.nan, "n": n, "p_value": math.nan}
    spread = float(differences.std(ddof=1))
    if spread == 0:
        return {"mean": mean, "low": mean, "high": mean, "n": n,
                "p_value": 1.0 if mean == 0 else 0.0}
    error = spread / math.sqrt(n)
    half = student_t_quantile(0.5 + level / 2, n - 1) * error
    p_value = float(2 * special.stdtr(n - 1, -abs(mean) / error))  # scipy.stats.t.sf, faster
    return {"mean": mean, "low": mean - half, "high": mean + half, "n": n, "p_value": p_value}


def holm(p_values: pd.Series) -> pd.Series:
    """Holm's step-down adjustment of a family of p-values (NaN left out of the family)."""
    p = p_values.to_numpy(float)
    known = np.flatnonzero(~np.isnan(p))
    order = known[np.argsort(p[known], kind="stable")]
    m = len(order)
    adjusted = np.full(len(p), np.nan)
    steps = (m - np.arange(m)) * p[order]
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate(steps)) if m else steps
    return pd.Series(adjusted, index=p_values.index)


def sweep_table(comparison: Comparison, kpi: str, part: str = "overall") -> pd.DataFrame:
    """One row per option (per option and group outside ``overall``): the varied settings as
    columns, then the KPI's ``mean``, ``low``, ``high`` (95 % CI) and ``n``. A ``source`` column
    is added when the options come from several files."""
    _check_kpis(comparison.summary, part, [kpi])
    several_files = len({option.source for option in comparison.options}) > 1
    settings = pd.DataFrame([
        {"option": option.name, **({"source": option.source} if several_files else {}),
         **option.settings} for option in comparison.options])
    summary = comparison.summary
    rows = summary[(summary["part"] == part) & (summary["kpi"] == kpi)]
    table = settings.merge(rows[["option", "group", "mean", "low", "high", "n"]], on="option")
    return table.drop(columns="group") if part == "overall" else table


# Helpers. ---------------------------------------------------------------------------------------

def _cells(kpis: Mapping[str, pd.DataFrame]) -> Iterator[tuple[str, str, str, str, pd.Series]]:
    """(option, part, group, kpi, values by replication) for every cell of the stacked tables."""
    for part, table in kpis.items():
        if table.empty:
            continue
        names = [column for column in table.columns if column not in _KEYS]
        for (option, group), rows in table.groupby(["option", "group"], sort=False,
                                                   observed=True):
            by_replication = rows.set_index("replication")
            for kpi in names:
                yield str(option), part, str(group), kpi, by_replication[kpi].astype(float)


def _in_option_order(table: pd.DataFrame, kpis: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows grouped by option in order of appearance, keeping part, group and KPI order."""
    order: dict[str, int] = {}
    for stacked in kpis.values():
        if "option" in stacked:
            for name in stacked["option"].unique():
                order.setdefault(str(name), len(order))
    ranked = table.sort_values("option", key=lambda names: names.map(order), kind="stable")
    return ranked.reset_index(drop=True)


def _check_kpis(summary: pd.DataFrame, part: str, kpis: Iterable[str]) -> list[str]:
    kpis = list(kpis)
    if part not in PARTS:
        raise ScenarioError(f"unknown part {part!r}{did_you_mean(part, PARTS)}; expected one "
                            f"of {', '.join(PARTS)}")
    known = list(dict.fromkeys(summary.loc[summary["part"] == part, "kpi"]))
    for kpi in kpis:
        if kpi not in known:
            raise ScenarioError(f"unknown KPI {kpi!r} for {part}{did_you_mean(kpi, known)}; "
                                f"expected one of {', '.join(known)}")
    return kpis


def _difference_entry(row) -> dict:
    return {"mean": _number(row.mean), "ci95": [_number(row.low), _number(row.high)],
            "p_value": _number(row.p_value), "p_holm": _number(row.p_holm),
            "significant": bool(row.significant)}


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _plain(value: object) -> object:
    """A setting as JSON can hold it (YAML may give dates and other objects)."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
