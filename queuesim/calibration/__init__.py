"""Calibration: learning a hall from its own records, and checking the model against them.

* :mod:`.visitlog` reads a visit log (one row per visit; CSV, Parquet, a column mapping or the
  Anonymous Bank call-centre format) into one checked table, and turns an observed day into the
  simulator's per-customer tables, so that an observed day is a replication;
* :mod:`.backtest` simulates a hall and compares it, KPI by KPI, with observed days.
"""
