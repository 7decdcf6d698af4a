"""Networks of branches: run, compare and staff hundreds of halls at once.

A network file (:mod:`.spec`) names the branches (scenario files or folders of them), what-ifs to
try in each, the days to simulate and the targets. Each branch becomes one job with its own seed,
derived from the network seed and the branch's name (:mod:`.branches`); jobs run on local worker
processes or a dask.distributed cluster behind one interface (:mod:`.engines`), each branch's
result is stored atomically as it arrives so a run resumes (:mod:`.results`), and the league
table — KPIs with CIs, what-if effects, ranks, network totals — is built from what is stored
(:mod:`.league`), as Parquet, JSON and a page (:mod:`.page`). ``queuesim network`` is the command.

    from queuesim.network import run_network
    result = run_network("examples/network_region.yaml", "compare")
    result.tables["branches"]
"""

from .execute import NetworkRun, run_network
from .spec import Network, load_network

__all__ = ["Network", "NetworkRun", "load_network", "run_network"]
