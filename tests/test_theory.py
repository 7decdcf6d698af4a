"""Tests for queuesim.theory: published figures, special cases and independent computations.

Where no published figure exists, the test computes the same quantity by another route: the
stationary law of a truncated birth-death chain by a dense linear solve (the module uses a
product of ratios), and the Erlang A service level by the closed-form hypoexponential law of the
time to reach a server (the module uses a matrix exponential). Every time is in minutes and
every rate is per minute.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from queuesim import theory

# The published Erlang C example: 100 calls per 30 minutes, 3-minute handling time,
# target 80 % answered within 20 seconds.
EXAMPLE_ARRIVAL_RATE = 100 / 30
EXAMPLE_SERVICE_MEAN = 3.0
EXAMPLE_TARGET_WAIT = 20 / 60


def stationary_by_linear_solve(departure_rates: np.ndarray, arrival_rate: float) -> np.ndarray:
    """Stationary law of a birth-death chain on 0..len(departure_rates), by solving pi Q = 0.

    ``departure_rates[n - 1]`` is the rate of leaving state n downwards; the top state blocks.
    """
    size = departure_rates.size + 1
    generator = np.zeros((size, size))
    generator[np.arange(size - 1), np.arange(1, size)] = arrival_rate
    generator[np.arange(1, size), np.arange(size - 1)] = departure_rates
    generator[np.diag_indices(size)] = -generator.sum(axis=1)
    equations = generator.T.copy()
    equations[-1] = 1.0
    right_side = np.zeros(size)
    right_side[-1] = 1.0
    return np.linalg.solve(equations, right_side)


def chain_departures(
    servers: int, service_mean: float, patience_mean: float, size: int
) -> np.ndarray:
    """Departure rates of an M/M/c+M chain from 1..size-1 present (patience inf: M/M/c)."""
    present = np.arange(1, size)
    serving = np.minimum(present, servers) / service_mean
    return serving + np.maximum(present - servers, 0) / patience_mean


# --- Erlang B and C -------------------------------------------------------------------------


def test_erlang_b_matches_published_table_values():
    assert theory.erlang_b(10, 5.0) == pytest.approx(0.018385, abs=5e-7)
    assert theory.erlang_b(1, 1.0) == 0.5
    assert theory.erlang_b(2, 1.0) == pytest.approx(0.2)  # (1/2) / (1 + 1 + 1/2)


def test_erlang_b_of_no_load_blocks_nobody():
    assert theory.erlang_b(3, 0.0) == 0.0
    assert theory.erlang_c(3, 0.0) == 0.0


def test_published_erlang_c_example():
    load = EXAMPLE_ARRIVAL_RATE * EXAMPLE_SERVICE_MEAN
    assert load == pytest.approx(10.0)
    assert round(theory.erlang_c(14, load), 5) == 0.17413
    level = theory.erlang_c_service_level(
        EXAMPLE_TARGET_WAIT, 14, EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN
    )
    assert round(level, 5) == 0.88835
    fewer = theory.erlang_c_service_level(
        EXAMPLE_TARGET_WAIT, 13, EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN
    )
    assert fewer < 0.8


@pytest.mark.parametrize(
    ("servers", "arrival_rate", "service_mean"),
    [(1, 0.5, 1.0), (3, 2.0, 1.2), (14, 100 / 30, 3.0), (40, 3.5, 10.0)],
)
def test_erlang_c_matches_birth_death_solve(servers, arrival_rate, service_mean):
    size = servers + 800
    departures = chain_departures(servers, service_mean, math.inf, size)
    stationary = stationary_by_linear_solve(departures, arrival_rate)
    waiting = np.maximum(np.arange(size) - servers, 0)
    load = arrival_rate * service_mean
    assert theory.erlang_c(servers, load) == pytest.approx(stationary[servers:].sum(), rel=1e-9)
    wait_mean = theory.erlang_c_wait_mean(servers, arrival_rate, service_mean)
    assert wait_mean == pytest.approx(waiting @ stationary / arrival_rate, rel=1e-8)


def test_erlang_c_without_spare_capacity():
    assert theory.erlang_c(5, 5.0) == 1.0
    assert theory.erlang_c_wait_mean(5, 1.0, 5.0) == math.inf
    assert theory.erlang_c_wait_tail(60.0, 5, 1.0, 6.0) == 1.0
    assert theory.erlang_c_service_level(60.0, 5, 1.0, 6.0) == 0.0


def test_erlang_c_tail_integrates_to_mean_wait():
    area, _ = integrate.quad(lambda t: theory.erlang_c_wait_tail(t, 4, 3.0, 1.0), 0, math.inf)
    assert area == pytest.approx(theory.erlang_c_wait_mean(4, 3.0, 1.0), rel=1e-8)
    assert theory.erlang_c_wait_tail(math.inf, 4, 3.0, 1.0) == 0.0


# --- single server ---------------------------------------------------------------------------


@pytest.mark.parametrize("utilization", [0.1, 0.5, 0.9, 0.99])
def test_single_server_erlang_c_is_utilization(utilization):
    assert theory.erlang_c(1, utilization) == pytest.approx(utilization, rel=1e-12)


def test_single_server_erlang_c_equals_mm1():
    arrival_rate, service_mean = 0.8, 1.0
    mm1_wait = theory.mm1_wait_mean(arrival_rate, service_mean)
    assert mm1_wait == pytest.approx(4.0)  # rho s / (1 - rho) = 0.8 / 0.2
    assert theory.erlang_c_wait_mean(1, arrival_rate, service_mean) == pytest.approx(mm1_wait)
    for t in (0.0, 1.0, 5.0):
        assert theory.mm1_wait_tail(t, arrival_rate, service_mean) == pytest.approx(
            theory.erlang_c_wait_tail(t, 1, arrival_rate, service_mean)
        )


def test_pollaczek_khinchine_special_cases():
    arrival_rate, service_mean = 0.7, 1.0
    exponential = theory.pollaczek_khinchine_wait_mean(arrival_rate, service_mean, 1.0)
    deterministic = theory.pollaczek_khinchine_wait_mean(arrival_rate, service_mean, 0.0)
    assert exponential == pytest.approx(theory.mm1_wait_mean(arrival_rate, service_mean))
    assert deterministic == pytest.approx(exponential / 2)
    assert theory.pollaczek_khinchine_wait_mean(1.0, 1.0, 0.0) == math.inf
    assert theory.mm1_wait_mean(2.0, 0.5) == math.inf


# --- priorities ------------------------------------------------------------------------------


def test_cobham_with_one_class_is_pollaczek_khinchine():
    (wait,) = theory.cobham_priority_waits([0.6], [1.2], [0.5])
    assert wait == pytest.approx(theory.pollaczek_khinchine_wait_mean(0.6, 1.2, 0.5))


def test_cobham_mmc_with_one_class_is_erlang_c():
    (wait,) = theory.cobham_priority_waits_mmc(14, [100 / 30], 3.0)
    assert wait == pytest.approx(theory.erlang_c_wait_mean(14, 100 / 30, 3.0))


def test_cobham_two_classes_by_hand():
    # rho = 0.3 + 0.4; W0 = (0.3 * 2 + 0.2 * 8) / 2 = 1.1 (E[S^2] = 2 s^2 for exponential).
    high, low = theory.cobham_priority_waits([0.3, 0.2], [1.0, 2.0], [1.0, 4.0])
    assert high == pytest.approx(1.1 / 0.7)
    assert low == pytest.approx(1.1 / (0.7 * 0.3))


def test_cobham_obeys_kleinrock_conservation_law():
    rates, means, variances = [0.2, 0.1, 0.15], [1.0, 2.0, 1.5], [0.5, 4.0, 0.0]
    waits = theory.cobham_priority_waits(rates, means, variances)
    loads = np.multiply(rates, means)
    second_moments = np.add(variances, np.square(means))
    residual = np.sum(np.multiply(rates, second_moments)) / 2
    assert loads @ waits == pytest.approx(loads.sum() * residual / (1 - loads.sum()))


def test_cobham_mmc_keeps_mean_wait_of_first_come_first_served():
    rates, servers, service_mean = [0.5, 1.0, 0.8], 3, 1.2
    waits = theory.cobham_priority_waits_mmc(servers, rates, service_mean)
    fifo_wait = theory.erlang_c_wait_mean(servers, sum(rates), service_mean)
    assert np.dot(rates, waits) == pytest.approx(sum(rates) * fifo_wait)
    assert waits[0] < fifo_wait < waits[-1]


def priority_moves(state, servers, high_rate, low_rate, service_rate, depth):
    """Transitions out of (busy, high waiting, low waiting); a freed server takes high first."""
    busy, high, low = state
    if busy < servers:
        moves = [((busy + 1, 0, 0), high_rate + low_rate)]
    else:
        moves = [((busy, high + 1, low), high_rate)] if high < depth else []
        moves += [((busy, high, low + 1), low_rate)] if low < depth else []
    if high:
        moves.append(((busy, high - 1, low), busy * service_rate))
    elif low:
        moves.append(((busy, 0, low - 1), busy * service_rate))
    elif busy:
        moves.append(((busy - 1, 0, 0), busy * service_rate))
    return moves


def priority_queue_means_by_linear_solve(servers, high_rate, low_rate, service_rate, depth):
    """Mean queue per class of a two-class non-preemptive M/M/c, from its truncated chain.

    States are (busy servers below c, no queue) or (all busy, high waiting, low waiting), each
    queue capped at ``depth``.
    """
    states = [(busy, 0, 0) for busy in range(servers)]
    states += [(servers, high, low) for high in range(depth + 1) for low in range(depth + 1)]
    index = {state: position for position, state in enumerate(states)}
    generator = np.zeros((len(states), len(states)))
    for state, position in index.items():
        rates = (high_rate, low_rate, service_rate)
        for target, rate in priority_moves(state, servers, *rates, depth):
            generator[position, index[target]] += rate
            generator[position, position] -= rate
    equations = generator.T.copy()
    equations[-1] = 1.0
    stationary = np.linalg.solve(equations, np.eye(len(states))[-1])
    queues = np.array(states)[:, 1:]
    return stationary @ queues


def test_cobham_mmc_matches_two_class_chain():
    high_rate, low_rate, servers = 0.6, 0.5, 2
    waits = theory.cobham_priority_waits_mmc(servers, [high_rate, low_rate], 1.0)
    high_queue, low_queue = priority_queue_means_by_linear_solve(
        servers, high_rate, low_rate, 1.0, depth=35
    )
    assert waits[0] == pytest.approx(high_queue / high_rate, rel=1e-7)
    assert waits[1] == pytest.approx(low_queue / low_rate, rel=1e-7)


def test_cobham_overloaded_low_class_leaves_high_class_finite():
    high, low = theory.cobham_priority_waits([0.3, 2.0], [1.0, 1.0], [1.0, 1.0])
    saturated = theory.cobham_priority_waits([0.3, 0.7], [1.0, 1.0], [1.0, 1.0])
    assert low == math.inf and saturated[1] == math.inf
    assert high == pytest.approx(saturated[0])
    high_mmc, low_mmc = theory.cobham_priority_waits_mmc(2, [0.5, 5.0], 1.0)
    assert high_mmc == pytest.approx((1 / 2) / (1 - 0.25)) and low_mmc == math.inf


# --- Erlang A --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("servers", "arrival_rate", "service_mean", "patience_mean"),
    [(1, 0.9, 1.0, 3.0), (5, 6.0, 1.0, 2.0), (10, 100 / 30, 3.0, 2.0), (20, 30.0, 1.0, 0.5)],
)
def test_erlang_a_matches_birth_death_solve(servers, arrival_rate, service_mean, patience_mean):
    size = servers + 600
    departures = chain_departures(servers, service_mean, patience_mean, size)
    stationary = stationary_by_linear_solve(departures, arrival_rate)
    waiting = np.maximum(np.arange(size) - servers, 0) @ stationary
    busy = np.minimum(np.arange(size), servers) @ stationary
    result = theory.erlang_a(servers, arrival_rate, service_mean, patience_mean)
    assert result.p_wait == pytest.approx(stationary[servers:].sum(), rel=1e-9)
    assert result.queue_mean == pytest.approx(waiting, rel=1e-9)
    assert result.wait_mean == pytest.approx(waiting / arrival_rate, rel=1e-9)
    assert result.p_abandon == pytest.approx(waiting / patience_mean / arrival_rate, rel=1e-9)
    assert result.utilization == pytest.approx(busy / servers, rel=1e-9)


@pytest.mark.parametrize("patience_mean", [1e9, math.inf])
def test_erlang_a_with_endless_patience_is_erlang_c(patience_mean):
    result = theory.erlang_a(14, EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN, patience_mean)
    assert result.p_wait == pytest.approx(theory.erlang_c(14, 10.0), rel=1e-7)
    erlang_c_wait = theory.erlang_c_wait_mean(14, EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN)
    assert result.wait_mean == pytest.approx(erlang_c_wait, rel=1e-7)
    assert result.utilization == pytest.approx(10 / 14, rel=1e-7)
    level = theory.erlang_a_service_level(
        EXAMPLE_TARGET_WAIT, 14, EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN, patience_mean
    )
    assert level == pytest.approx(0.88835, abs=5e-6)


def test_erlang_a_stays_finite_under_overload():
    result = theory.erlang_a(5, 2.0, 5.0, 1.0)  # load 10 erlangs on 5 servers
    assert 1 - 5 / 10 <= result.p_abandon < 1
    assert 0.9 < result.utilization < 1
    assert math.isfinite(result.wait_mean)


def served_within_by_hypoexponential(t, ahead, line_rate, abandon_rate):
    """P(patience > T and T <= t), T the time for ``ahead`` + 1 places to clear.

    T is a sum of exponentials with distinct rates r_k = line_rate + k theta, whose density is
    sum_k a_k r_k exp(-r_k x), a_k = prod_{l != k} r_l / (r_l - r_k).
    """
    rates = line_rate + abandon_rate * np.arange(ahead + 1)
    total = 0.0
    for k, rate in enumerate(rates):
        others = np.delete(rates, k)
        weight = np.prod(others / (others - rate))
        total += weight * rate * -math.expm1(-(rate + abandon_rate) * t) / (rate + abandon_rate)
    return total


@pytest.mark.parametrize("t", [0.1, 0.5, 2.0])
def test_erlang_a_service_level_matches_hypoexponential_law(t):
    servers, arrival_rate, service_mean, patience_mean = 3, 2.0, 1.0, 0.5
    size = servers + 40
    departures = chain_departures(servers, service_mean, patience_mean, size)
    stationary = stationary_by_linear_solve(departures, arrival_rate)
    line_rate, abandon_rate = servers / service_mean, 1 / patience_mean
    expected = stationary[:servers].sum() + sum(
        stationary[servers + ahead]
        * served_within_by_hypoexponential(t, ahead, line_rate, abandon_rate)
        for ahead in range(20)  # beyond 20 ahead the stationary weight is below 1e-20
    )
    level = theory.erlang_a_service_level(t, servers, arrival_rate, service_mean, patience_mean)
    assert level == pytest.approx(expected, rel=1e-9)


def test_erlang_a_service_level_limits():
    model = (10, EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN, 2.0)
    result = theory.erlang_a(*model)
    assert theory.erlang_a_service_level(0.0, *model) == pytest.approx(1 - result.p_wait)
    assert theory.erlang_a_service_level(math.inf, *model) == pytest.approx(1 - result.p_abandon)
    assert theory.erlang_a_service_level(60.0, *model) == pytest.approx(1 - result.p_abandon)


@settings(max_examples=40, deadline=None)
@given(
    servers=st.integers(1, 30),
    load_per_server=st.floats(0.05, 3.0),
    service_mean=st.floats(0.5, 10.0),
    patience_mean=st.floats(0.2, 30.0),
    t=st.floats(0.0, 5.0),
)
def test_erlang_a_conserves_customers(servers, load_per_server, service_mean, patience_mean, t):
    arrival_rate = servers * load_per_server / service_mean
    result = theory.erlang_a(servers, arrival_rate, service_mean, patience_mean)
    served_rate = arrival_rate * (1 - result.p_abandon)
    assert served_rate == pytest.approx(servers / service_mean * result.utilization, rel=1e-9)
    assert 0 <= result.p_abandon <= result.p_wait <= 1
    assert 0 <= result.utilization <= 1
    level = theory.erlang_a_service_level(t, servers, arrival_rate, service_mean, patience_mean)
    assert 1 - result.p_wait - 1e-12 <= level <= 1 - result.p_abandon + 1e-12


# --- staffing --------------------------------------------------------------------------------


def test_square_root_staffing():
    assert theory.square_root_staffing(100.0, 1.0) == 110
    assert theory.square_root_staffing(4.0, 0.5) == 5
    assert theory.square_root_staffing(10.0, 0.5) == 12  # 10 + 1.58
    assert theory.square_root_staffing(0.0, 1.0) == 1


def test_min_servers_erlang_c_reproduces_published_example():
    staff = theory.min_servers_erlang_c(
        EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN, EXAMPLE_TARGET_WAIT, 0.8
    )
    assert staff == 14
    assert theory.min_servers_erlang_c(EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN, 1.0, 0.0) == 11


@pytest.mark.parametrize("max_abandon", [None, 0.05, 0.01])
def test_min_servers_erlang_a_is_the_least_staff_meeting_targets(max_abandon):
    model = (EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN, 2.0)
    staff = theory.min_servers_erlang_a(*model, EXAMPLE_TARGET_WAIT, 0.8, max_abandon)

    def meets(servers):
        result = theory.erlang_a(servers, *model)
        level = theory.erlang_a_service_level(EXAMPLE_TARGET_WAIT, servers, *model)
        return level >= 0.8 and (max_abandon is None or result.p_abandon <= max_abandon)

    assert meets(staff) and not meets(staff - 1)
    if max_abandon is None:  # impatient callers thin the queue, so fewer agents suffice
        assert staff < theory.min_servers_erlang_c(*model[:2], EXAMPLE_TARGET_WAIT, 0.8)


def test_min_servers_erlang_a_with_endless_patience_is_erlang_c():
    staff = theory.min_servers_erlang_a(
        EXAMPLE_ARRIVAL_RATE, EXAMPLE_SERVICE_MEAN, math.inf, EXAMPLE_TARGET_WAIT, 0.8
    )
    assert staff == 14


# --- input checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: theory.erlang_b(0, 1.0),
        lambda: theory.erlang_b(2.5, 1.0),
        lambda: theory.erlang_c(True, 0.5),
        lambda: theory.erlang_b(3, -1.0),
        lambda: theory.erlang_c_wait_mean(3, -1.0, 1.0),
        lambda: theory.erlang_c_wait_tail(-1.0, 3, 1.0, 1.0),
        lambda: theory.mm1_wait_mean(0.5, 0.0),
        lambda: theory.mm1_wait_tail(math.nan, 0.5, 1.0),
        lambda: theory.pollaczek_khinchine_wait_mean(0.5, 1.0, -1.0),
        lambda: theory.cobham_priority_waits([], [], []),
        lambda: theory.cobham_priority_waits([0.1, 0.2], [1.0], [1.0, 1.0]),
        lambda: theory.cobham_priority_waits_mmc(2, [0.1, -0.2], 1.0),
        lambda: theory.erlang_a(2, 0.0, 1.0, 1.0),
        lambda: theory.erlang_a(2, 1.0, 1.0, 0.0),
        lambda: theory.erlang_a(2, 3.0, 1.0, math.inf),
        lambda: theory.erlang_a_service_level(-0.5, 2, 1.0, 1.0, 1.0),
        lambda: theory.square_root_staffing(-1.0, 1.0),
        lambda: theory.square_root_staffing(1.0, math.nan),
        lambda: theory.min_servers_erlang_c(1.0, 1.0, 0.5, 1.0),
        lambda: theory.min_servers_erlang_a(1.0, 1.0, 1.0, 0.5, 0.8, max_abandon=0.0),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_error_message_names_the_argument():
    with pytest.raises(ValueError, match="service_mean"):
        theory.erlang_c_wait_mean(3, 1.0, -2.0)


@settings(max_examples=60, deadline=None)
@given(servers=st.integers(1, 200), load=st.floats(0.0, 300.0))
def test_erlang_b_and_c_are_probabilities_ordered_and_monotone(servers, load):
    blocking = theory.erlang_b(servers, load)
    assert 0 <= blocking <= 1
    assert theory.erlang_b(servers + 1, load) <= blocking
    assert blocking <= theory.erlang_c(servers, load) <= 1


@pytest.mark.parametrize("t", [5e-324, 1e-300, 1e-12])
def test_erlang_a_service_level_at_an_instant_is_the_share_not_waiting(t):
    """A customer who must queue is served within a vanishing t with vanishing probability:
    the service level at t → 0 is 1 − P(wait), without a floating-point warning."""
    model = (3, 1.2, 2.0, 5.0)
    level = theory.erlang_a_service_level(t, *model)
    assert level == pytest.approx(1 - theory.erlang_a(*model).p_wait, abs=1e-9)
