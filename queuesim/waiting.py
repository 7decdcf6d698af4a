"""What the hall does for customers while they wait: tell them how long, and start serving them.

Two measures of the waiting-psychology part of the queue-management material (tell people how
long they will wait; serve them while they wait):

* **Wait announcements.** On arrival the hall shows an expected wait from a real predictor
  (Whitt 1999, "Predicting queueing delays", Management Science 45(6)): with q customers ahead
  and s busy counters serving the class at rate μ each, the queue-length predictor is
  (q + 1)/(sμ); with abandonment at rate θ per waiting customer it is Σ_{i=0}^{q} 1/(sμ + iθ).
  Zero when a counter is free. Customers may then balk on the announced wait instead of on the
  number they see.
* **Service while waiting** (pre-processing, e.g. forms filled in while waiting): a customer
  who has waited at least ``after`` minutes needs ``saving`` less service time.

Times in minutes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .limits import FINITE, MAX_MINUTES, MAX_NAME


class _Model(BaseModel):
    model_config = FINITE


class Announcement(_Model):
    """The hall shows each arriving customer the expected wait."""

    predictor: Literal["queue_length", "queue_length_abandonment"] = Field(
        "queue_length_abandonment",
        description="(q+1)/(sμ), or its version that counts customers ahead giving up.")
    balk_above: float | None = Field(
        None, gt=0, le=MAX_MINUTES, description="Customers do not join when the announced wait "
        "is this many minutes or more (replaces balking on the number waiting).")


class ServiceWhileWaiting(_Model):
    """Pre-processing: forms filled in, documents checked, while the customer waits."""

    after: float = Field(5.0, ge=0, le=MAX_MINUTES, description="Minutes of waiting it takes.")
    saving: float = Field(0.2, gt=0, lt=1, description="Share of service time it saves.")
    classes: list[Annotated[str, Field(max_length=MAX_NAME)]] | None = Field(
        None, description="Classes it applies to (default: all).")


def predicted_wait(ahead: int, busy_rate: float, abandon_rate: float, with_abandonment: bool
                   ) -> float:
    """Expected wait (minutes) of an arrival with ``ahead`` customers waiting before them,
    when every counter serving them is busy.

    ``busy_rate`` is sμ, customers per minute the busy counters finish; ``abandon_rate`` θ the
    rate at which one waiting customer gives up.
    """
    if not with_abandonment or abandon_rate <= 0:
        return (ahead + 1) / busy_rate
    return sum(1.0 / (busy_rate + i * abandon_rate) for i in range(ahead + 1))
