"""queuesim: a waiting-line simulator for service halls.

Data flows one way: scenario (:func:`load_scenario`) → SimPy model → per-customer log →
metrics → reports. The public API is small::

    import queuesim
    scenario = queuesim.load_scenario("scenarios/nanhu_branch.yaml", ["arrivals.scale=1.2"])
    results = queuesim.simulate(scenario, replications=50, seed=1)
    results.summary["kpis"]["wait_mean"]     # {"mean": ..., "ci95": [lo, hi], "n": 50}
    results.customers                        # one row per customer (see queuesim.log)
"""

from .errors import ScenarioError
from .loader import load_scenario
from .scenario import Scenario

__version__ = "0.1.0"
__all__ = ["Results", "Scenario", "ScenarioError", "__version__", "load_scenario", "simulate"]


def __getattr__(name: str):
    """``simulate`` and ``Results`` are imported on first use: reading and checking a scenario
    (``queuesim validate``, ``--help``) does not need pandas or the model."""
    if name in ("simulate", "Results"):
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'queuesim' has no attribute {name!r}")
