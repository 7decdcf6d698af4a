"""Networks of branches: run, compare and staff hundreds of halls at once.

A network file (:mod:`.spec`) names the branches (scenario files, folders of them, or a visit log
whose branches are fitted on the workers, :mod:`.fitted`), what-ifs to try in each, the days to
simulate and the targets. Each branch becomes one job with its own seed,
derived from the network seed and the branch's name (:mod:`.branches`); jobs run on local worker
processes or a dask.distributed cluster behind one interface (:mod:`.engines`), each branch's
result is stored atomically as it arrives so a run resumes (:mod:`.results`), and the league
table — KPIs with CIs, what-if effects, ranks, network totals — is built from what is stored
(:mod:`.league`), as Parquet, JSON and a page (:mod:`.page`). ``queuesim network`` is the command.

    from queuesim.network import run_network
    result = run_network("examples/network_region.yaml", "compare")
    result.tables["branches"]
"""

from importlib import import_module

__all__ = ["Network", "NetworkRun", "load_network", "run_network"]
_HOMES = {"Network": ".spec", "load_network": ".spec", "NetworkRun": ".execute",
          "run_network": ".execute"}


def __getattr__(name: str):
    """Import on first use: ``queuesim --help`` lists ``network`` without loading the engines."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
