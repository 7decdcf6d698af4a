"""The hall's wait display: the expected wait of each arrival, from the state they find.

Those ahead are the customers waiting who will be served first: in one line or a ticket hall,
those of the same or a higher priority; in multiple lines, the chosen line.

Uses the predictors of :mod:`queuesim.waiting`. The display knows the mix of customers, not the
newcomer's own transaction: μ is one over the share-weighted mean service time of the classes
(at the mean counter speed), θ the share-weighted rate at which a waiting customer gives up
(classes without patience add nothing). Times in minutes.
"""

from __future__ import annotations

from ..waiting import predicted_wait


class Announcer:
    """Predicts, on arrival, the wait the hall will show."""

    def __init__(self, scenario):
        classes = list(scenario.customers.values())
        shares = list(scenario.class_shares.values())
        mean_service = sum(s * c.service_time.mean for s, c in zip(shares, classes, strict=True))
        speed = sum(c.speed for c in scenario.counters) / len(scenario.counters)
        self.rate_per_counter = speed / mean_service
        self.abandon_rate = sum(s / c.patience.mean for s, c in zip(shares, classes, strict=True)
                                if c.patience is not None and c.patience.mean > 0)
        self.with_abandonment = scenario.announcement.predictor == "queue_length_abandonment"
        self.balk_above = scenario.announcement.balk_above

    def predict(self, hall, customer: int, target: int) -> float:
        """Expected wait, minutes, of ``customer`` about to join ``target``."""
        if hall.structure.idle_desk(customer, target) is not None:
            return 0.0
        ahead, counters = hall.structure.ahead(customer, target)
        if counters == 0:
            return float("inf")
        return predicted_wait(ahead, counters * self.rate_per_counter, self.abandon_rate,
                              self.with_abandonment)
