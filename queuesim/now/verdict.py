"""Putting a decision into words: one trade-off line per option, and the recommendation.

Reads a :class:`~.decide.Decision`; computes nothing the decision did not. An option's line
states what it changes against doing nothing, each figure a paired difference with its 95 %
interval: ``open T5 now: −9.2 min [−10.1, −8.3] for the 14 waiting, −6.1 min [−7.0, −5.2] for
the next hour's arrivals, 6.0 fewer walk-outs, +45 counter-minutes``. The recommendation is
the option that saves the most customer-minutes of waiting in the horizon, provided its
interval excludes zero; it names what it costs in counter-minutes, so the manager weighs the
two. No option clearly better: doing nothing. Words from :mod:`queuesim.i18n.now`, in English
or Chinese (``lang``; None: the locale's).
"""

from __future__ import annotations

from .. import i18n
from ..terminal.format import with_sign

SHOWN = ("wait_now", "wait_next_hour", "walkouts", "counter_minutes")
"""The headline figures (:data:`.outcomes.HEADLINE`) shown to the manager, in the terminal and
on the page; ``waiting_minutes`` only picks the recommendation."""


def option_name(decision, option: int, lang: str | None = None) -> str:
    """An option as the manager wrote it; the baseline in the language of the output."""
    return i18n.say("now_nothing", lang) if option == 0 else decision.options[option]


def option_names(decision, lang: str | None = None) -> list[str]:
    """Every option as :func:`option_name` shows it."""
    return [option_name(decision, index, lang) for index in range(len(decision.options))]


def trade_off(decision, option: int, lang: str | None = None) -> str:
    """One line: the option's paired differences against doing nothing."""
    text = i18n.texts(lang)
    parts = []
    now = decision.difference(option, "wait_now")
    if now["mean"] is not None:
        parts.append(text["now_for_waiting"].format(change=_minutes(now, text),
                                                    count=decision.waiting_now))
    parts.append(text["now_for_next_hour"].format(
        change=_minutes(decision.difference(option, "wait_next_hour"), text)))
    walkouts = decision.difference(option, "walkouts")["mean"] or 0.0
    key = "now_fewer_walkouts" if walkouts <= 0 else "now_more_walkouts"
    parts.append(text[key].format(count=f"{abs(walkouts):.1f}"))
    minutes = decision.difference(option, "counter_minutes")["mean"] or 0.0
    parts.append(text["now_counter_change"].format(change=with_sign(minutes, 0)))
    return text["now_option_line"].format(option=option_name(decision, option, lang),
                                          parts=text["now_separator"].join(parts))


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


def recommendation(decision, lang: str | None = None) -> str:
    """The recommendation line (see the module docstring)."""
    chosen, saved = best(decision)
    if chosen is None:
        return i18n.say("now_recommend_nothing", lang, replications=decision.values.shape[1])
    cost = decision.difference(chosen, "counter_minutes")["mean"] or 0.0
    return i18n.say("now_recommend", lang, option=decision.options[chosen], saved=f"{saved:.0f}",
                    horizon=f"{decision.horizon:g}", cost=with_sign(cost, 0),
                    trade_off=trade_off(decision, chosen, lang))


def _minutes(stat: dict, text: dict[str, str]) -> str:
    if stat["mean"] is None:
        return "–"
    low, high = stat["ci95"]
    interval = "" if low is None else f" [{with_sign(low)}, {with_sign(high)}]"
    return text["now_minutes"].format(change=with_sign(stat["mean"])) + interval

