"""Closed-form and numerically exact results for the waiting lines that queuesim simulates.

Theory is the simulator's yardstick: the model's tests compare simulated waits with these numbers,
and staffing uses them as a fast first guess before it simulates. Every function is pure, built on
numpy and scipy only; nothing samples. Every time is in minutes and every rate is per minute
(divide a per-hour rate by 60 first). The load, in erlangs, is the arrival rate times the mean
service time: the mean number of busy servers. "Wait" is the time in queue, before service.

Sources: Erlang B and C, the Erlang C wait and square-root staffing as in Gans, Koole & Mandelbaum
(2003), "Telephone call centers: tutorial, review and research prospects"; Cobham (1954),
"Priority assignment in waiting line problems"; Erlang A as the birth-death chain in Mandelbaum &
Zeltyn (2005), "The Palm/Erlang-A queue, with applications to call centers".
"""

from .abandonment import ErlangA, erlang_a, erlang_a_service_level
from .erlang import (
    erlang_b,
    erlang_c,
    erlang_c_service_level,
    erlang_c_wait_mean,
    erlang_c_wait_tail,
    mm1_wait_mean,
    mm1_wait_tail,
    pollaczek_khinchine_wait_mean,
)
from .priority import cobham_priority_waits, cobham_priority_waits_mmc
from .staffing import min_servers_erlang_a, min_servers_erlang_c, square_root_staffing

__all__ = [
    "ErlangA",
    "cobham_priority_waits",
    "cobham_priority_waits_mmc",
    "erlang_a",
    "erlang_a_service_level",
    "erlang_b",
    "erlang_c",
    "erlang_c_service_level",
    "erlang_c_wait_mean",
    "erlang_c_wait_tail",
    "min_servers_erlang_a",
    "min_servers_erlang_c",
    "mm1_wait_mean",
    "mm1_wait_tail",
    "pollaczek_khinchine_wait_mean",
    "square_root_staffing",
]
