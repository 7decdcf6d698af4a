"""The package's one error type for bad input.

Everything a user can get wrong (a scenario file, a ``--set`` override, a command-line value) is
reported as a :class:`ScenarioError`: one line per problem, each naming the file, the field path
as it is written in YAML, what was expected and what was found. The command line catches this type
only, prints it and exits with code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from . import i18n


class ScenarioError(ValueError):
    """Bad input, with one human-readable line per problem.

    Parameters
    ----------
    problems
        Lines of the form ``"counters[2].serves: unknown class 'vipp' (did you mean 'vip'?)"``.
    source
        Where the input came from (a file name, or ``--set``); prefixed to every line.
    """

    def __init__(self, problems: str | Iterable[str], source: str | None = None):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + line for line in self.problems)

    def with_source(self, source: str) -> ScenarioError:
        """The same problems, attributed to ``source`` (kept when one is already set)."""
        return ScenarioError(self.problems, self.source or source)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix for the closest choice (never the word itself), in
    the language of :func:`queuesim.i18n.current`, or ``""`` when none is close."""
    words = [str(c) for c in choices if str(c) != str(word)]
    close = difflib.get_close_matches(str(word), words, n=1, cutoff=0.6)
    close = close or [w for w in words if len(str(word)) >= 3 and w.startswith(str(word))][:1]
    return i18n.say("msg.did_you_mean", word=close[0]) if close else ""
