"""Deciding now: start from the hall as it is this minute and compare what the manager can do.

* :mod:`.state` — the state file (who is at which counter since when, who waits since when),
  validated against the scenario; :mod:`.reconstruct` reads it from a visit log at an instant;
* :mod:`.conditional` — time still to go given the time already gone (S − e | S > e);
* :mod:`.forward` — the scenario of the next hours and the customers inside now;
* :mod:`.options` — "open T5 now", "close T2 at 12:30", … in words;
* :mod:`.decide` — every option on common random numbers against doing nothing;
  :mod:`.outcomes` the figures compared, :mod:`.verdict` the recommendation in words;
* :mod:`.cli_now` — the ``queuesim now`` command.
"""
