"""Staffing: how many counters each period of the day needs, from queueing theory first and
then from simulation.

It calls the theory, runner and metrics modules and never reaches into the model's internals.
"""
