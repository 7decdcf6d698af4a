"""The scenario: everything that describes one service hall, validated.

A scenario file (YAML) is read into a frozen :class:`Scenario`; the model, the runner and the
reports read from it and never from the raw file. Units everywhere: durations in minutes,
arrival rates in customers per hour, clock times ``"HH:MM"``. The rules that involve several
fields (shares sum to 1, every class has a counter, hours do not overlap…) each have a validator
whose message names the YAML path, so :mod:`queuesim.loader` can print one line per problem.

Day runs have ``clock.open``/``clock.close``; the model's time 0 is the opening time. Steady-state
runs have ``clock.horizon`` (and an optional ``warmup``) instead; their time 0 is the start of the
run, and their arrival rate must be constant.
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from . import day_profiles, i18n, limits
from .arrivals import Appointments, Burst, DemandShift, PublishedPeaks, shifted_rate
from .clock import format_time, parse_interval, parse_time
from .distributions import Distribution
from .errors import did_you_mean
from .experience_settings import ExperienceSettings
from .limits import FINITE, demand_problem
from .staffing.shift_templates import ShiftsConfig
from .waiting import Announcement, ServiceWhileWaiting


class _Model(BaseModel):
    model_config = FINITE


class Clock(_Model):
    """When the hall works: a day (``open``/``close``) or a steady-state run (``horizon``)."""

    open: str | None = Field(None, description='Opening time "HH:MM" (day runs).')
    close: str | None = Field(None, description='Closing time "HH:MM": last arrivals (day runs).')
    after_close: Literal["serve", "leave"] = Field(
        "serve",
        description="Those still waiting at close: 'serve' them (overtime is recorded) or they "
        "'leave' unserved. Customers already at a counter are always finished.",
    )
    warmup: float = Field(0.0, ge=0, le=limits.MAX_HORIZON,
                          description="Steady state: minutes discarded at the start.")
    horizon: float | None = Field(None, gt=0, le=limits.MAX_HORIZON,
                                  description="Steady state: run length, minutes (at most a "
                                  "year, 525,600).")

    @field_validator("open", "close")
    @classmethod
    def _clock_time(cls, value):
        if value is not None:
            parse_time(value)
        return value

    @model_validator(mode="after")
    def _day_or_steady(self):
        day = self.open is not None or self.close is not None
        if day and self.horizon is not None:
            raise ValueError("give either open/close (a day) or horizon (steady state), not both")
        if not day and self.horizon is None:
            raise ValueError("give open and close (a day) or horizon in minutes (steady state)")
        if day and (self.open is None or self.close is None):
            raise ValueError("a day needs both open and close")
        if day and parse_time(self.close) <= parse_time(self.open):
            raise ValueError(i18n.say("msg.v.close_before_open", close=self.close,
                                      open=self.open))
        if not day and self.warmup >= self.horizon:
            raise ValueError(f"warmup ({self.warmup:g}) must be shorter than horizon "
                             f"({self.horizon:g})")
        return self

    @property
    def steady(self) -> bool:
        """True for a steady-state run (no opening hours)."""
        return self.horizon is not None

    @property
    def start(self) -> float:
        """Minutes after midnight of model time 0 (0 for steady-state runs)."""
        return 0.0 if self.steady else parse_time(self.open)

    @property
    def end(self) -> float:
        """Model time (minutes) of the last possible arrival: closing time or horizon."""
        return self.horizon if self.steady else parse_time(self.close) - self.start

    def minutes(self, clock_time: str) -> float:
        """Model time (minutes since opening) of a ``"HH:MM"`` clock time."""
        return parse_time(clock_time) - self.start

    def label(self, model_time: float) -> str:
        """Readable time: ``"HH:MM"`` in a day run, ``"t=123.0"`` minutes in steady state."""
        return f"t={model_time:.1f}" if self.steady else format_time(model_time + self.start)


class Balking(_Model):
    """Customers who see too many people waiting do not join."""

    max_waiting: int | None = Field(
        None, ge=1, le=limits.MAX_GROUP,
        description="Does not join on seeing this many or more waiting (at most 100,000)."
    )


class CustomerClass(_Model):
    """One kind of customer: its share of arrivals, priority, service time and patience."""

    share: float | None = Field(
        None, ge=0, le=1, description="Fraction of walk-in arrivals of this class (0: the class "
        "comes only by appointment or in bursts). Required with arrivals.per_hour; absent with "
        "arrivals.per_class.")
    priority: int = Field(0, ge=-limits.MAX_PRIORITY, le=limits.MAX_PRIORITY,
                          description="Higher is served first; equal priorities are FCFS (from "
                          "-1,000 to 1,000).")
    service_time: Distribution = Field(description="Service time at speed 1, minutes.")
    patience: Distribution | None = Field(
        None, description="How long the customer waits before leaving, minutes (none: forever)."
    )
    balking: Balking | None = Field(None, description="Overrides the hall's balking rule.")
    service_factor: day_profiles.Factors | None = Field(
        None, description='Multiplies the service time of a customer by the factor of the period '
        'in which they arrived: a number, or {"HH:MM": factor} from that time on (default 1).')


class Arrivals(_Model):
    """Poisson arrivals, constant or piecewise constant over the day."""

    per_hour: float | dict[str, float] | None = Field(
        None, description='Customers per hour: a number, or {"HH:MM": rate} from that time on '
        '(the classes split them by share; each at most 10,000, also after scale).'
    )
    per_class: dict[str, day_profiles.Rates] | None = Field(
        None, description='Customers per hour of each class: a number, or {"HH:MM": rate} from '
        'that time on (instead of per_hour and the classes\' shares; the hall\'s total at most '
        '10,000, also after scale).')
    day_to_day_cv: float = Field(
        0.0, ge=0, le=2, allow_inf_nan=False, description="Day-to-day variation of demand: "
        "each simulated day's walk-in rates are multiplied by one gamma-distributed level with "
        "mean 1 and this coefficient of variation (0: every day alike; at most 2).")
    scale: float = Field(1.0, gt=0, le=limits.MAX_SCALE,
                         description="What-if multiplier on every rate (at most 100).")
    shifts: list[DemandShift] = Field(
        default_factory=list, description="Demand moved from one window to another (prices).")
    published_peaks: PublishedPeaks | None = Field(
        None, description="Published peak hours that part of the customers avoid.")
    bursts: list[Burst] = Field(default_factory=list, description="Groups arriving together.")

    @field_validator("per_hour")
    @classmethod
    def _rates(cls, value):
        if value is None:
            return value
        rates = value.values() if isinstance(value, dict) else [value]
        if isinstance(value, dict):
            if not value:
                raise ValueError("expected at least one time and rate")
            for key in value:
                parse_time(key)
        if any(rate < 0 for rate in rates):
            raise ValueError(i18n.say("msg.v.negative_rate", found=f"{min(rates):g}"))
        if max(rates) <= 0:
            raise ValueError(i18n.say("msg.v.no_positive_rate"))
        if max(rates) > limits.MAX_RATE_PER_HOUR:
            raise ValueError(f"expected at most {limits.MAX_RATE_PER_HOUR:,.0f} customers per "
                             f"hour, found {max(rates):g}")
        return value

    @model_validator(mode="after")
    def _one_kind_of_rate(self):
        if (self.per_hour is None) == (self.per_class is None):
            raise ValueError("give either per_hour (with the classes' shares) or per_class, "
                             f"{'not both' if self.per_class is not None else 'found neither'}")
        return self


ClassName = Annotated[str, Field(min_length=1, max_length=limits.MAX_NAME)]
ServesItem = Annotated[str | Annotated[list[str], Field(min_length=1)],
                      Field(description="A class, or a group of equals.")]


class Counter(_Model):
    """One service counter (window, desk, teller)."""

    id: str = Field(min_length=1, max_length=limits.MAX_NAME,
                    description="Name shown in results, e.g. T1 (at most 100 characters).")
    serves: list[ServesItem] | None = Field(
        None, min_length=1,
        description="Classes served, in order of preference (a nested list is a group served "
        "FCFS among themselves). Default: every class, no preference.",
    )
    hours: list[str] | None = Field(
        None, description='Open intervals "HH:MM-HH:MM"; default: the hall\'s hours.'
    )
    speed: float = Field(1.0, ge=limits.MIN_SPEED, le=limits.MAX_SPEED,
                         description="Work rate: 1.1 serves 10 % faster (from 0.01 to 100).")
    machine: bool = Field(False, description="A self-service machine (kiosk), not staffed.")
    speed_on: dict[str, Annotated[float, Field(ge=limits.MIN_SPEED, le=limits.MAX_SPEED)]] = Field(
        default_factory=dict, description="Speed on some classes relative to `speed`, e.g. "
        "{business: 0.8} for cross-trained staff 20 % slower on business customers "
        "(each from 0.01 to 100).")

    @field_validator("hours")
    @classmethod
    def _hours(cls, value):
        if value is None:
            return value
        if not value:
            raise ValueError("expected at least one interval")
        intervals = sorted(parse_interval(text) for text in value)
        for (_, end), (start, _) in pairwise(intervals):
            if start < end:
                raise ValueError(i18n.say("msg.v.intervals_overlap", found=value))
        return value

    def preference(self, classes: list[str]) -> dict[str, int]:
        """Rank of each class this counter serves (0 = most preferred)."""
        if self.serves is None:
            return {name: 0 for name in classes}
        ranks: dict[str, int] = {}
        for rank, item in enumerate(self.serves):
            for name in [item] if isinstance(item, str) else item:
                ranks.setdefault(name, rank)
        return ranks


class Jockeying(_Model):
    """Multiple lines: a waiting customer moves to a line that is clearly shorter."""

    min_difference: int = Field(
        2, ge=1, le=limits.MAX_GROUP, description="Moves when the other line is shorter by at "
        "least this many people than their own line up to and including themselves (a move "
        "gains at least one place)."
    )


class TicketRules(_Model):
    """Ticket numbers: what happens when a called number is not there."""

    absent_probability: float = Field(
        0.0, ge=0, lt=1, description="Chance a present customer misses a call."
    )
    call_time: float = Field(0.5, ge=0, le=limits.MAX_MINUTES,
                             description="Minutes a counter loses on an absent call.")
    recall_after: int = Field(3, ge=0, le=limits.MAX_GROUP,
                              description="Recalled after this many other numbers.")
    max_recalls: int = Field(1, ge=0, le=limits.MAX_RECALLS,
                             description="Recalls before the number is dropped (at most 20).")


class Queue(_Model):
    """The queue structure of the hall (the three of the queue-management material)."""

    structure: Literal["single_line", "multi_line", "ticket"] = Field(
        "single_line", description="single_line | multi_line | ticket"
    )
    line_choice: Literal["shortest", "random"] = Field(
        "shortest", description="multi_line: how an arrival picks a line."
    )
    jockeying: Jockeying | None = Field(None, description="multi_line: line switching.")
    ticket: TicketRules = Field(default_factory=TicketRules, description="ticket: call rules.")


class Targets(_Model):
    """The hall's service target: a share of customers served within a wait."""

    wait_minutes: float = Field(10.0, gt=0, le=limits.MAX_MINUTES,
                                description="Target wait, minutes (at most a day, 1,440).")
    service_level: float = Field(0.8, gt=0, le=1, description="Share to serve within it.")
    max_abandon: float | None = Field(None, ge=0, le=1, description="Highest abandon rate.")


def _counters_schema(schema: dict) -> None:
    """JSON schema of ``counters``: a list of counters, the ``{count: N, ...}`` shorthand, or
    a staffing profile ``{profile: {"HH:MM": N}, ...}``."""
    fields = Counter.model_json_schema(by_alias=True)["properties"]
    pool = {
        "type": "object",
        "title": "Identical counters",
        "description": "Shorthand for count identical counters with ids prefix1..prefixN.",
        "properties": {
            "count": {"type": "integer", "minimum": 1, "maximum": limits.MAX_COUNTERS,
                      "description": "How many counters (at most 1,000)."},
            "prefix": {"type": "string", "default": "C", "description": "Start of their ids."},
            **{name: field for name, field in fields.items() if name != "id"},
        },
        "required": ["count"],
        "additionalProperties": False,
    }
    profile = {
        **pool, "title": "Staffing profile",
        "description": "Counters prefix1..prefixN (N the most ever open); counter k is open "
        "in the periods where the profile is at least k.",
        "properties": {
            "profile": {"type": "object", "additionalProperties": {"type": "integer",
                                                                   "minimum": 0},
                        "description": 'Counters open from each "HH:MM" on; the first time is '
                        "the opening time."},
            **{name: field for name, field in pool["properties"].items()
               if name not in ("count", "hours")}},
        "required": ["profile"],
    }
    listed = {key: schema.pop(key) for key in ("type", "items", "minItems") if key in schema}
    schema["anyOf"] = [listed, pool, profile]


class Scenario(_Model):
    """A whole hall: clock, customers, arrivals, counters, queue structure, behaviour, targets."""

    name: str = Field(max_length=limits.MAX_TEXT, description="Shown in every output.")
    description: str | None = Field(None, max_length=limits.MAX_TEXT,
                                    description="Free text: what is observed or assumed.")
    clock: Clock = Field(description="Opening hours (a day) or run length (steady state).")
    customers: dict[ClassName, CustomerClass] = Field(
        min_length=1, max_length=limits.MAX_CLASSES, description="Customer classes by name, e.g. "
        "personal, business, vip (at most 100 classes, names of at most 100 characters)."
    )
    arrivals: Arrivals = Field(description="How many customers come in, per hour.")
    counters: list[Counter] = Field(
        min_length=1, max_length=limits.MAX_COUNTERS,
        description="A list of counters (at most 1,000), {count: N, ...} identical ones, or "
        '{profile: {"HH:MM": N}, ...} as many open per period.',
        json_schema_extra=_counters_schema,
    )
    queue: Queue = Field(default_factory=Queue, description="The queue structure.")
    balking: Balking = Field(default_factory=Balking, description="The hall's balking rule.")
    targets: Targets = Field(default_factory=Targets, description="The service target.")
    appointments: list[Appointments] = Field(
        default_factory=list, description="Booked visits, by class.")
    announcement: Announcement | None = Field(
        None, description="The hall shows each arrival the expected wait.")
    service_while_waiting: ServiceWhileWaiting | None = Field(
        None, description="Pre-processing that shortens the service of those who waited.")
    staffing: ShiftsConfig | None = Field(
        None, description="Staff shift templates for `queuesim staff` (or give --shifts FILE).")
    experience: ExperienceSettings = Field(
        default_factory=ExperienceSettings, description="How waits are felt and judged: the "
        "weights and expected waits of the customer-experience KPIs.")
    replications: int = Field(10, ge=1, le=limits.MAX_REPLICATIONS,
                              description="Independent runs (days), at most 100,000.")
    seed: int = Field(0, ge=0, le=limits.MAX_SEED,
                      description="Root seed: same seed, same numbers.")

    @field_validator("counters", mode="before")
    @classmethod
    def _expand_pool(cls, value, info: ValidationInfo):
        """``{count: N, ...}`` is shorthand for N identical counters C1..CN; ``{profile: ...}``
        for counters opening and closing so that as many are open as the profile says."""
        if not isinstance(value, dict):
            return value
        pool = dict(value)
        if "profile" in pool:
            return day_profiles.expand_profile(pool, info.data.get("clock"))
        count = pool.pop("count", None)
        most = limits.MAX_COUNTERS  # checked before the list of counters is made
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= most:
            raise ValueError(f"count: expected a whole number from 1 to {most:,}, found {count!r}")
        prefix = pool.pop("prefix", "C")
        return [{"id": f"{prefix}{i + 1}", **pool} for i in range(count)]

    @model_validator(mode="after")
    def _shares_sum_to_one(self):
        if self.arrivals.per_class is not None:
            day_profiles.check_per_class(self.arrivals.per_class, self.customers)
            return self
        for name, customer_class in self.customers.items():
            if customer_class.share is None:
                raise ValueError(f"customers.{name}.share: required field is missing (or give "
                                 "each class's rates in arrivals.per_class)")
        total = sum(c.share for c in self.customers.values())
        if abs(total - 1) > 1e-6:
            raise ValueError(i18n.say("msg.v.shares_sum", found=f"{total:g}"))
        return self

    @model_validator(mode="after")
    def _counters_serve_known_classes(self):
        names = list(self.customers)
        seen_ids: set[str] = set()
        for i, counter in enumerate(self.counters):
            if counter.id in seen_ids:
                raise ValueError(i18n.say("msg.v.duplicate_id", index=i, id=counter.id))
            seen_ids.add(counter.id)
            for name in counter.preference(names):
                if name not in self.customers:
                    raise ValueError(i18n.say("msg.v.unknown_class", index=i, name=name,
                                              suggestion=did_you_mean(name, names)))
        served = {n for c in self.counters for n in c.preference(names)}
        for name in names:
            if name not in served:
                raise ValueError(i18n.say("msg.v.class_unserved", name=name))
        return self

    @model_validator(mode="after")
    def _policies_name_known_classes(self):
        names = list(self.customers)
        parts = [(f"arrivals.bursts[{i}].class", b.class_) for i, b in
                 enumerate(self.arrivals.bursts) if b.class_ is not None]
        parts += [(f"appointments[{i}].class", a.class_) for i, a in enumerate(self.appointments)]
        parts += [(f"counters[{i}].speed_on", name) for i, c in enumerate(self.counters)
                  for name in c.speed_on]
        parts += [(f"experience.expected_wait.{name}", name)
                  for name in self.experience.expected_wait]
        if self.service_while_waiting and self.service_while_waiting.classes:
            parts += [("service_while_waiting.classes", name)
                      for name in self.service_while_waiting.classes]
        for path, name in parts:
            if name not in self.customers:
                raise ValueError(f"{path}: unknown class '{name}'{did_you_mean(name, names)}")
        arrivals = self.arrivals
        if self.clock.steady and (arrivals.shifts or arrivals.published_peaks
                                  or arrivals.bursts or self.appointments):
            raise ValueError("arrivals: demand shifts, published peaks, bursts and appointments "
                             "need a day (clock.open and clock.close), not a steady state")
        return self

    @model_validator(mode="after")
    def _times_fit_the_clock(self):
        rates = self.arrivals.per_hour
        if self.clock.steady:
            if isinstance(rates, dict):
                raise ValueError("arrivals.per_hour: a steady-state run needs one constant rate")
            for i, counter in enumerate(self.counters):
                if counter.hours is not None:
                    raise ValueError(f"counters[{i}].hours: a steady-state run has no clock "
                                     "hours; remove them")
            return self
        open_, close = parse_time(self.clock.open), parse_time(self.clock.close)
        if isinstance(rates, dict):
            times = sorted(parse_time(t) for t in rates)
            if times[0] != open_:
                raise ValueError(i18n.say("msg.v.first_time", open=self.clock.open,
                                          found=format_time(times[0])))
            if times[-1] >= close:
                raise ValueError(i18n.say("msg.v.last_time", found=format_time(times[-1]),
                                          close=self.clock.close))
        for i, counter in enumerate(self.counters):
            for start, end in (parse_interval(h) for h in counter.hours or []):
                if start < open_ or end > close:
                    raise ValueError(i18n.say(
                        "msg.v.hours_outside", index=i, start=format_time(start),
                        end=format_time(end), open=self.clock.open, close=self.clock.close))
        return self

    @model_validator(mode="after")
    def _day_profiles_fit_the_clock(self):
        steps = [(f"arrivals.per_class.{name}", rates)
                 for name, rates in (self.arrivals.per_class or {}).items()]
        steps += [(f"customers.{name}.service_factor", c.service_factor)
                  for name, c in self.customers.items() if c.service_factor is not None]
        for path, value in steps:
            day_profiles.check_clock(value, self.clock, path)
        if self.clock.steady and self.arrivals.day_to_day_cv > 0:
            raise ValueError("arrivals.day_to_day_cv: a steady-state run has no days; remove it "
                             "or give clock.open and clock.close")
        return self

    @model_validator(mode="after")
    def _demand_within_limits(self):
        problem = demand_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    # Derived values for the model, in model minutes. ------------------------------------------

    @cached_property
    def class_names(self) -> list[str]:
        """Class names in file order; the model refers to classes by index in this list."""
        return list(self.customers)

    def counter_hours(self, counter: Counter) -> list[tuple[float, float]]:
        """Open intervals of ``counter`` as (start, end) model minutes, sorted."""
        if counter.hours is None:
            return [(0.0, self.clock.end)]
        return sorted((s - self.clock.start, e - self.clock.start)
                      for s, e in map(parse_interval, counter.hours))

    @cached_property
    def class_shares(self) -> dict[str, float]:
        """Each class's share of the walk-ins: as given, or with ``arrivals.per_class`` its
        expected proportion of the day. Hall-level figures (theory, announcements, measures)
        read shares from here, never from the classes."""
        if self.arrivals.per_class is None:
            return {name: c.share for name, c in self.customers.items()}
        return day_profiles.class_shares(self.arrivals.per_class, self.class_names, self.clock)

    def class_rate_steps(self) -> tuple[list[float], np.ndarray]:
        """Walk-in rate of each class on one grid: start times (model minutes) and a
        (class × step) array of customers per minute, scaled and moved as :meth:`rate_steps`.

        Demand shifts and published peaks are applied to each class's rate: they move a
        fraction of a window's customers, whatever their class, so each class keeps its
        expected number over the day and the sum over classes is :meth:`rate_steps`."""
        per_class = self.arrivals.per_class
        if per_class is None:
            starts, rates = self.rate_steps()
            shares = np.array(list(self.class_shares.values()))
            return starts, shares[:, None] * np.asarray(rates)[None, :]
        grid, rates = day_profiles.class_rates(per_class, self.class_names, self.clock,
                                               self.arrivals.scale)
        moved = [shifted_rate(list(grid), list(row), self.clock.end, self.arrivals.shifts,
                              self.arrivals.published_peaks, self.clock.start) for row in rates]
        return day_profiles.common_grid(moved)

    def work_rate_steps(self):
        """Per class (in file order): step starts (model minutes) and the rate at which work
        arrives, busy counter-minutes per minute at speed 1: the class's walk-in rate × its
        service factor × its mean service time."""
        step_starts, class_rates = self.class_rate_steps()
        for index, customer_class in enumerate(self.customers.values()):
            factor = customer_class.service_factor or 1.0
            factor_starts = day_profiles.steps(factor, self.clock)[0]
            grid = np.union1d(step_starts, factor_starts)
            rates = class_rates[index][np.searchsorted(step_starts, grid, side="right") - 1]
            factors = day_profiles.value_at(factor, self.clock, grid)
            yield grid, rates * factors * customer_class.service_time.mean

    def rate_steps(self) -> tuple[list[float], list[float]]:
        """Arrival rate as a step function: start times (model minutes) and rates per minute,
        already multiplied by ``arrivals.scale`` and moved by demand shifts and published peaks
        (see :mod:`queuesim.arrivals`); with ``arrivals.per_class``, the sum of the classes."""
        if self.arrivals.per_class is not None:
            starts, rates = self.class_rate_steps()
            return list(starts), list(rates.sum(axis=0))
        scale = self.arrivals.scale / 60.0
        rates = self.arrivals.per_hour
        if not isinstance(rates, dict):
            return [0.0], [rates * scale]
        steps = sorted((self.clock.minutes(t), r * scale) for t, r in rates.items())
        return shifted_rate([t for t, _ in steps], [r for _, r in steps], self.clock.end,
                            self.arrivals.shifts, self.arrivals.published_peaks,
                            self.clock.start)
