"""Simulating forward from the hall as it is: the scenario from now on, and its customers.

The scenario of the horizon is the original one with the clock moved: it opens at the state's
time (model time 0) and takes arrivals until the horizon ends (or the hall closes, if sooner),
at the scenario's rates from then on, times the day's level (:mod:`.today`). Those still inside
at the end of the horizon are served as usual, so that everyone's wait is known. Counters keep
their hours, changed by the state (open or closed now), by the changes already decided and by
the option (:mod:`.options`).

Appointments: the slots still to come (those of the scenario after the state's time, or the
bookings the state lists), with the scenario's no-show and lateness rules; a slot already past
is gone (its customer is in the state, or not coming). Bursts happen as the scenario schedules
them; of a group already arriving, those after the state's time come.

Those inside now come first in every replication's draws (:mod:`queuesim.model.resume`): each
customer at a counter with the service time left, drawn from the class's service time given the
time already served (:mod:`.conditional`, at the counter's speed); each waiting customer with a
fresh service time and the patience left, given the time already waited. They draw from their
own streams (``resumed_service``, ``resumed_patience``) keyed by replication, so every option
sees the same people — common random numbers. Times are model minutes from the state's time.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .. import day_profiles
from ..clock import format_time, parse_time
from ..loader import load_scenario
from ..model import CustomerDraws, Start, draw_customers
from ..model.draws import WALK_IN, streams
from ..model.draws import _service_factors as service_factors
from .conditional import remaining
from .options import NOTHING, Option, apply, parse_option, union, without


@dataclass(frozen=True)
class Forward:
    """What every option of one decision shares. Times in minutes after midnight."""

    raw: dict
    """The scenario mapping of the horizon, counters' hours not yet set."""
    hours: dict
    """Counter id -> open intervals (start, end) after the state and the decided changes."""
    serves: dict
    """Counter id -> its ``serves`` list (None: every class)."""
    now: float
    close: float
    """End of the simulated arrivals: the end of the horizon, or closing time if sooner."""
    serving: tuple
    """(counter index, class index, began) of each customer at a counter."""
    waiting: tuple
    """(class index, joined, line) of each waiting customer, in the order they joined; line
    is the index of the counter whose line they stand in, -1: the hall's line choice."""


def prepare(scenario, state, horizon: float = 120.0, level: float = 1.0,
            level_cv: float = 0.0) -> Forward:
    """The horizon's scenario mapping, counters' hours and customers of ``state``.

    ``level`` multiplies every arrival rate (the day's level, 1: as the scenario says);
    ``level_cv`` is the uncertainty left about it: each replication draws its own level, gamma
    with mean 1 and this coefficient of variation, times ``level`` (:mod:`.today`).
    """
    now = state.minutes
    close = min(scenario.clock.start + scenario.clock.end, now + horizon)
    raw = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    raw.pop("staffing", None)
    last = close >= scenario.clock.start + scenario.clock.end
    raw["clock"] = {"open": format_time(now), "close": format_time(close),
                    "after_close": scenario.clock.after_close if last else "serve"}
    raw["arrivals"] = {**_arrivals(scenario, now, close, level), "day_to_day_cv": level_cv,
                       "bursts": raw["arrivals"].get("bursts", [])}
    if state.appointments is not None:
        raw["appointments"] = bookings(scenario, state.appointments)
    for name, customer_class in scenario.customers.items():
        if customer_class.service_factor is not None:
            factor = day_profiles.steps(customer_class.service_factor, scenario.clock)
            raw["customers"][name]["service_factor"] = _from_now(scenario, *factor, now, close)
    hours = {c.id: _hours_now(scenario, c, state, now, close) for c in scenario.counters}
    serves = {c.id: raw["counters"][i].get("serves") for i, c in enumerate(scenario.counters)}
    ids, names = [c.id for c in scenario.counters], scenario.class_names
    for text in state.changes:
        apply(parse_option(text, ids, names), hours, serves, now, close)
    serving = tuple((ids.index(cid), names.index(c.serving.class_), c.serving.minutes - now)
                    for cid, c in state.counters.items() if c.serving is not None)
    waiting = tuple((names.index(w.class_), w.minutes - now,
                     -1 if w.line is None else ids.index(w.line)) for w in state.queue())
    return Forward(raw, hours, serves, now, close, serving, waiting)


def bookings(scenario, booked) -> list[dict]:
    """The state's bookings still due as the scenario's ``appointments`` (one slot each), with
    the no-show chance and lateness of the scenario's appointments of their class: those whose
    hours hold the slot, else the first of the class; none: everyone comes, on time."""
    out = []
    for booking in booked:
        rules = [a for a in scenario.appointments if a.class_ == booking.class_]
        rule = next((a for a in rules if parse_time(a.from_) <= booking.minutes
                     < parse_time(a.to)), rules[0] if rules else None)
        manners = {} if rule is None else {"no_show": rule.no_show,
                                           "lateness": rule.lateness.model_dump()}
        out.append({"class": booking.class_, "every": 1, "from": booking.at,
                    "to": format_time(booking.minutes + 1), "per_slot": booking.count,
                    **manners})
    return out


def _arrivals(scenario, now: float, close: float, level: float) -> dict:
    """The ``arrivals`` mapping from ``now`` on: per hour (or per class per hour) times
    ``level``, demand shifts and published peaks already applied."""
    if scenario.arrivals.per_class is None:
        starts, rates = scenario.rate_steps()
        return {"per_hour": _positive(_from_now(scenario, starts, np.asarray(rates) * 60 * level,
                                                now, close))}
    starts, rates = scenario.class_rate_steps()
    per_class = {name: _from_now(scenario, starts, rates[i] * 60 * level, now, close)
                 for i, name in enumerate(scenario.class_names)}
    if max(max(r.values()) for r in per_class.values()) <= 0:
        _positive(per_class[scenario.class_names[0]])
    return {"per_class": per_class}


def _from_now(scenario, starts, values, now: float, close: float) -> dict[str, float]:
    """A step function of model minutes from opening as {"HH:MM": value} from ``now`` (its
    value then) up to ``close`` (minutes after midnight)."""
    opening = scenario.clock.start
    current = int(np.searchsorted(starts, now - opening, side="right")) - 1
    steps = {format_time(now): float(values[current])}
    steps |= {format_time(opening + s): float(v) for s, v in zip(starts, values, strict=True)
              if now < opening + s < close}
    return steps


def _positive(rates: dict[str, float]) -> dict[str, float]:
    """The rates, with a rate too small to matter at the start if nobody comes any more (a
    scenario needs some arrivals)."""
    if max(rates.values()) <= 0:
        rates[next(iter(rates))] = 1e-9
    return rates


def _hours_now(scenario, counter, state, now: float, close: float) -> list[tuple[float, float]]:
    """The counter's intervals (minutes after midnight) as the state has them: open now (until
    ``until``, its scheduled end, or ``close``) or closed now (until its next interval). A
    counter serving outside its hours, not said to be open, only finishes its customer."""
    hours = [(s + scenario.clock.start, e + scenario.clock.start)
             for s, e in scenario.counter_hours(counter)]
    told = state.counters.get(counter.id)
    if told is None:
        return hours
    current = next(((s, e) for s, e in hours if s <= now < e), None)
    is_open = current is not None if told.open is None else told.open
    if not is_open:
        return hours if current is None else without(hours, now, current[1])
    if told.until is not None:
        rest = without(hours, now, current[1]) if current else hours
        return union(rest, (now, parse_time(told.until)))
    return hours if current is not None else union(hours, (now, close))


def option_scenario(forward: Forward, option: Option):
    """The scenario of the horizon under ``option`` (counters in the original order, new ones
    after them). A counter closed for the whole horizon keeps its place, with no hours."""
    hours, serves = copy.deepcopy(forward.hours), copy.deepcopy(forward.serves)
    apply(option, hours, serves, forward.now, forward.close)
    raw = copy.deepcopy(forward.raw)
    known = {c["id"]: c for c in raw["counters"]}
    like = {a.counter: a.like for a in option.actions if a.like is not None}
    raw["counters"] = [*raw["counters"],
                       *({**known[like[new]], "id": new} for new in hours if new not in known)]
    for spec in raw["counters"]:
        spec.pop("hours", None)
        spec.pop("serves", None)
        if serves.get(spec["id"]) is not None:
            spec["serves"] = serves[spec["id"]]
    scenario = load_scenario(raw)
    counters = [c.model_copy(update={"hours": _texts(hours[c.id], forward.now, forward.close)})
                for c in scenario.counters]
    return scenario.model_copy(update={"counters": counters})


def _texts(intervals, now: float, close: float) -> list[str]:
    """``"HH:MM-HH:MM"`` of the intervals within [now, close] (an empty list: closed)."""
    kept = [(max(s, now), min(e, close)) for s, e in intervals]
    return [f"{format_time(s)}-{format_time(e)}" for s, e in kept if e - s >= 1.0]


def draw(forward: Forward, scenario, seed: int, replication: int) -> tuple[CustomerDraws, Start]:
    """Those inside now (at a counter, then waiting, in order), then the arrivals of the
    horizon, for one replication; the same for every option."""
    rng = streams(seed, replication)
    later = _still_due(draw_customers(scenario, seed, replication))
    uniforms = rng["resumed_service"].random(len(forward.serving) + len(forward.waiting))
    desks, klass_in, since, left = _at_counters(forward, scenario, uniforms)
    klass_wait, joined, work, patience = _waiting(forward, scenario, uniforms[len(desks):],
                                                  rng["resumed_patience"])
    inside = len(desks) + len(joined)
    first = {"arrival": np.concatenate([since, joined]),
             "klass": np.concatenate([klass_in, klass_wait]).astype(int),
             "work": np.concatenate([left, work]),
             "patience": np.concatenate([np.full(len(desks), np.inf), patience]),
             "absence": rng["resumed_patience"].random((inside, later.absence.shape[1])),
             "choice": rng["resumed_patience"].random(inside)}
    if later.origin is not None:  # booked customers to come keep their slots
        first |= {"origin": np.full(inside, WALK_IN), "slot": np.full(inside, np.nan)}
    both = {name: np.concatenate([values, getattr(later, name)])
            for name, values in first.items()}
    start = Start(tuple(int(d) for d in desks), tuple(float(s) for s in since),
                  tuple(float(x) for x in left), len(joined),
                  tuple(w[2] for w in forward.waiting), timeline=False)
    return CustomerDraws(**both), start


def _still_due(customers: CustomerDraws) -> CustomerDraws:
    """The customers without those booked for a slot already past (model time < 0): they came
    and are in the state, or they are not coming. A booked customer due later who would have
    come early is drawn at time 0, seated until the slot, as at opening."""
    if customers.slot is None or not (customers.slot < 0).any():
        return customers
    keep = ~(customers.slot < 0)
    return CustomerDraws(**{name: values[keep] for name, values in vars(customers).items()})


def _at_counters(forward: Forward, scenario, uniforms):
    """Counter, class, service start (model minutes) and minutes of service left of each
    customer at a counter: S − e given S > e at the counter's speed and the class's factor."""
    classes = list(scenario.customers.values())
    desks, klass, since = (np.array([s[i] for s in forward.serving]) for i in range(3))
    factors = service_factors(scenario, klass.astype(int), since)
    left = np.empty(len(desks))
    for i, (desk, index, began) in enumerate(forward.serving):
        speed = _speed(scenario.counters[desk], scenario.class_names[index])
        speed /= 1.0 if factors is None else factors[i]
        dist = classes[index].service_time
        left[i] = remaining(dist, -began * speed, uniforms[i:i + 1])[0] / speed
    return desks, klass, since, left


def _waiting(forward: Forward, scenario, uniforms, rng):
    """Class, joining time (model minutes), fresh work and patience left (P − w given P > w)
    of each waiting customer."""
    classes = list(scenario.customers.values())
    klass = np.array([w[0] for w in forward.waiting], dtype=int)
    joined = np.array([w[1] for w in forward.waiting], dtype=float)
    work = _by_class(classes, klass, uniforms, lambda c, u, _: c.service_time.quantile(u),
                     joined)
    factors = service_factors(scenario, klass, joined)
    work = work if factors is None else work * factors
    patience = _by_class(classes, klass, rng.random(len(joined)),
                         lambda c, u, e: remaining(c.patience, -e, u), joined)
    return klass, joined, work, patience


def _speed(counter, class_name: str) -> float:
    return counter.speed * counter.speed_on.get(class_name, 1.0)


def _by_class(classes, klass, uniforms, value, elapsed) -> np.ndarray:
    """``value(class, uniforms, elapsed)`` for the customers of each class."""
    out = np.empty(len(klass))
    for index, customer_class in enumerate(classes):
        mask = klass == index
        if mask.any():
            out[mask] = value(customer_class, uniforms[mask], elapsed[mask])
    return out


__all__ = ["NOTHING", "Forward", "draw", "option_scenario", "prepare"]
