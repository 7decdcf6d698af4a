"""How waiting feels to customers: the weights and expectations of :mod:`queuesim.experience`.

A scenario's ``experience`` section. It lives apart from the computations so that reading a
scenario does not load the table machinery they need; every time is in minutes.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from .limits import FINITE, MAX_MINUTES, MAX_WEIGHT


class ExperienceSettings(BaseModel):
    """How minutes of waiting are felt, and which wait each class expects."""

    model_config = FINITE

    standing: float = Field(
        1.33, gt=0, le=MAX_WEIGHT,
        description="Weight of a minute waited standing in a physical line (single_line, "
        "multi_line): unoccupied time feels longer (principle 1 of the material; Maister 1985). "
        "Default 1.33, about a third longer: people waiting idle in a line overestimate their "
        "wait by about 36 % (queueing research quoted by A. Stone, 'Why waiting is torture', "
        "New York Times, August 2012). A model, not a measurement of this hall.")
    seated: float = Field(
        1.0, gt=0, le=MAX_WEIGHT,
        description="Weight of a minute waited seated with a ticket number: customers sit, walk "
        "about, talk, find something to do (the material on ticket numbers; principles 1 and 9). "
        "Default 1.0: occupied, comfortable time felt as it is. The need to listen for one's "
        "number (principle 3, anxiety) is not modelled.")
    uncertain: float = Field(
        1.1, ge=1, le=MAX_WEIGHT,
        description="Extra weight on every minute of a wait of unknown length, when no wait was "
        "announced: uncertain waits feel longer than known, finite waits (principle 4; Maister "
        "1985). Default 1.1, an assumption (no published size): smaller than the standing "
        "effect, and above 1 so that an announcement that comes true makes a wait feel shorter "
        "(1 / 1.1, about 9 %), as principle 4 says it should; 1.0 switches the effect off.")
    beyond_announced: float = Field(
        1.5, ge=1, le=MAX_WEIGHT,
        description="Extra weight on each minute waited beyond an announced wait: a broken "
        "promise sets the expectation and then falls short of it (Maister's first law of "
        "service, satisfaction = perception − expectation; the material on service quality). "
        "Default 1.5, an assumption (no published size): an overrun costs more than the "
        "uncertainty an announcement removes, so promising too little is penalised.")
    expected_wait: dict[str, Annotated[float, Field(gt=0, le=MAX_MINUTES)]] = Field(
        default_factory=dict,
        description="Tolerable wait per class, minutes of perceived wait, e.g. {vip: 5}: the "
        "expectation a wait is judged against (the material on service quality). Default: none "
        "listed; classes not listed use default_expected_wait.")
    default_expected_wait: float | None = Field(
        None, gt=0, le=MAX_MINUTES,
        description="Tolerable wait of classes not in expected_wait, minutes. Default none: the "
        "scenario's targets.wait_minutes, the wait the hall promises itself.")
    tolerance: float = Field(
        0.1, ge=0, lt=1,
        description="Relative band around the expected wait judged 'as expected' (perceived "
        "wait within expected × (1 ± tolerance), edges included). Default 0.1 (±10 %), an "
        "assumption: a few minutes either way of a 10-minute expectation go unnoticed.")
