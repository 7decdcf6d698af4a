"""Putting a decision into words: one trade-off line per option, and the recommendation.

Reads a :class:`~.decide.Decision`; computes nothing the decision did not. An option's line
states what it changes against doing nothing, each figure a paired difference with its 95 %
interval: ``open T5 now: −9.2 min [−10.1, −8.3] for the 14 waiting, −6.1 min [−7.0, −5.2] for
the next hour's arrivals, 6.0 fewer walk-outs, +45 counter-minutes``. The recommendation is
the option that saves the most customer-minutes of waiting in the horizon, provided its
interval excludes zero; it names what it costs in counter-minutes, so the manager weighs the
two. No option clearly better: doing nothing.
"""

from __future__ import annotations


def trade_off(decision, option: int) -> str:
    """One line: the option's paired differences against doing nothing."""
    parts = []
    now = decision.difference(option, "wait_now")
    if now["mean"] is not None:
        parts.append(f"{_minutes(now)} for the {decision.waiting_now} waiting")
    parts.append(f"{_minutes(decision.difference(option, 'wait_next_hour'))} for the next "
                 "hour's arrivals")
    walkouts = decision.difference(option, "walkouts")["mean"] or 0.0
    parts.append(f"{abs(walkouts):.1f} {'fewer' if walkouts <= 0 else 'more'} walk-outs")
    minutes = decision.difference(option, "counter_minutes")["mean"] or 0.0
    parts.append(f"{_signed(minutes, 0)} counter-minutes")
    return f"{decision.options[option]}: " + ", ".join(parts)


def best(decision) -> tuple[int | None, float]:
    """The recommended option (its index, or None for doing nothing) and the customer-minutes
    of waiting it saves in the horizon (see the module docstring)."""
    chosen, saved = None, 0.0
    for option in range(1, len(decision.options)):
        change = decision.difference(option, "waiting_minutes")
        high = change["ci95"][1]
        if high is not None and high < 0 and -change["mean"] > saved:
            chosen, saved = option, -change["mean"]
    return chosen, saved


def recommendation(decision) -> str:
    """The recommendation line (see the module docstring)."""
    best_option, saved = best(decision)
    if best_option is None:
        return ("Recommended: nothing — no option shortens the waiting beyond the noise of "
                f"{decision.values.shape[1]} replications.")
    cost = decision.difference(best_option, "counter_minutes")["mean"] or 0.0
    return (f"Recommended: {decision.options[best_option]} — saves {saved:.0f} customer-minutes "
            f"of waiting in the next {decision.horizon:g} min for {_signed(cost, 0)} "
            "counter-minutes. "
            f"{trade_off(decision, best_option)}.")


def _minutes(stat: dict) -> str:
    if stat["mean"] is None:
        return "–"
    low, high = stat["ci95"]
    interval = "" if low is None else f" [{_signed(low)}, {_signed(high)}]"
    return f"{_signed(stat['mean'])} min{interval}"


def _signed(value: float, digits: int = 1) -> str:
    return f"{value:+.{digits}f}".replace("-", "−")
