"""Calibration: learning a hall from its own records, and checking the model against them.

* :mod:`.visitlog` reads a visit log (one row per visit; CSV, Parquet, a column mapping in
  :mod:`.adapters`, or the call log of :mod:`.anonymous_bank`) into one checked table
  (:mod:`.schema`), skipping and counting inconsistent rows;
* :mod:`.observed` turns an observed day into the simulator's per-customer tables (an observed
  day is a replication) and a simulated day into a visit log;
* :mod:`.backtest` simulates a hall and compares it, KPI by KPI, with observed days
  (``queuesim backtest``, :mod:`.cli_backtest`);
* :mod:`.fit` learns a hall from a visit log — arrivals (:mod:`.arrivals`), outages
  (:mod:`.anomalies`), service (:mod:`.service`), patience (:mod:`.patience`), counters
  (:mod:`.counters`), capacity calibrated by simulation (:mod:`.calibrate`) — and writes it as a
  scenario (:mod:`.hall`, :mod:`.provenance`) with its page (:mod:`.fit_report`)
  (``queuesim fit``, :mod:`.cli_fit`).
"""
