"""The language of the command line, and the option checks that speak it.

typer fixes every help text when the app is built, so the language is chosen before, when this
module is imported: ``--lang`` anywhere on the command line, else ``QUEUESIM_LANG``, else the
locale (:func:`chosen`). The help of every command is then read from :mod:`queuesim.i18n` with
:func:`words`. While a command runs, ``--lang`` (on the app or on the command) also sets
:func:`queuesim.i18n.current`, which the errors, warnings and tables read.

The help names each argument by its metavar alone (:class:`PlainCommand`): typer would write
``{scenario}`` in the usage line and a Python type (``<list[Path]>``, ``<bool>``) beside it.
typer's own checks of a number's range print a framed English block and show
``<int range> [x>=1]`` in the help; the options here check their bounds themselves
(:func:`within`) and print one line in the chosen language, exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from . import i18n
from .errors import did_you_mean


def requested(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` in ``argv``, if any."""
    found = None
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith("--lang="):
            found = word.split("=", 1)[1]
    return found


def chosen(argv: Sequence[str]) -> str:
    """The language of the help: ``--lang`` in ``argv`` when it names a known language, else
    :func:`queuesim.i18n.default_language`."""
    try:
        return i18n.language(requested(argv) or i18n.default_language())
    except ValueError:
        return i18n.default_language()


HELP_LANGUAGE = chosen(sys.argv[1:])
"""The language the help of this process is written in."""


def words(key: str, **fields) -> str:
    """A text of the help, in :data:`HELP_LANGUAGE`."""
    return i18n.say(key, HELP_LANGUAGE, **fields)


def localise_help() -> None:
    """Name typer's help panels and markers in :data:`HELP_LANGUAGE` (typer reads these module
    settings when it prints a help)."""
    if HELP_LANGUAGE == "en":
        return
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = words("cli.panel_arguments")
    rich_utils.OPTIONS_PANEL_TITLE = words("cli.panel_options")
    rich_utils.COMMANDS_PANEL_TITLE = words("cli.panel_commands")
    rich_utils.REQUIRED_LONG_STRING = words("cli.required")
    rich_utils.DEFAULT_STRING = words("cli.default")
    rich_utils.ERRORS_PANEL_TITLE = words("cli.error")
    rich_utils.RICH_HELP = words("cli.try_help")
    _fold_long_words(rich_utils)


def _fold_long_words(rich_utils) -> None:
    """Let a help text break inside a run of Chinese characters (which has no spaces): rich
    would otherwise cut the run with an ellipsis at the edge of the column."""
    from rich.text import Text

    plain = getattr(rich_utils, "_make_rich_text", None)
    if plain is None:
        return

    def folding(**parts):
        made = plain(**parts)
        if isinstance(made, Text):
            made.overflow = "fold"
        return made
    rich_utils._make_rich_text = folding


def fail(line: str) -> None:
    """Print one error line on stderr and stop with exit code 2."""
    print(line, file=sys.stderr)
    raise typer.Exit(2)


def one_of(option: str, allowed: tuple[str, ...], what: str):
    """A check of an option's value that prints one line and exits 2 when it is not allowed
    (typer's own choice error is a framed block of five lines); ``what`` is a catalogue key
    saying what the value should have been."""
    def check(value: str | None) -> str | None:
        if value is None or value in allowed:
            return value
        fail(i18n.say("msg.option_not_one_of", option=option, value=repr(value),
                      what=i18n.say(what), suggestion=did_you_mean(value, allowed),
                      allowed=", ".join(allowed)))
    return check


def within(option: str, low: float | None = None, high: float | None = None):
    """A check that a number lies in [low, high] (a bound may be None), one line if not."""
    def check(value):
        if value is None or ((low is None or value >= low) and (high is None or value <= high)):
            return value
        limits = (i18n.say("msg.range_between", low=f"{low:,}", high=f"{high:,}")
                  if low is not None and high is not None else
                  i18n.say("msg.range_at_least", low=f"{low:,}") if low is not None else
                  i18n.say("msg.range_at_most", high=f"{high:,}"))
        fail(i18n.say("msg.option_out_of_range", option=option, value=f"{value:,}", limits=limits))
    return check


def _choose(value: str | None) -> str | None:
    """``--lang`` of a command: checked, then the language of everything that follows."""
    one_of("--lang", tuple(i18n.CODES), "msg.language_expected")(value)
    if value is not None:
        i18n.set_language(value)
    return value


Lang = Annotated[str | None, typer.Option(
    "--lang", metavar="en|zh", callback=_choose, is_eager=True, help=words("cli.opt.lang"))]
"""The ``--lang`` option of every command (its value also goes to the pages it writes)."""


def choose_for_session(value: str | None) -> str | None:
    """``--lang`` of the app (before the command): chosen, or back to the default, so that one
    process running several commands (a test, a notebook) never keeps an earlier choice."""
    one_of("--lang", tuple(i18n.CODES), "msg.language_expected")(value)
    i18n.set_language(value)
    return value


def _no_type(ctx) -> None:
    return None


def _usage_error(error: Exception, commands: dict | None = None,
                 typed: str | None = None) -> Exception:
    """click's own usage error (a missing argument, an unknown option, a value that is not a
    number; an unknown command when ``commands`` and the ``typed`` name are given) in the
    language of the help; English ones, and other errors, unchanged. Errors are told apart by
    their class names (typer may bring its own copy of click); an error this cannot read is
    left as it is."""
    usage = next((kind for kind in type(error).__mro__ if kind.__name__ == "UsageError"), None)
    if usage is None or HELP_LANGUAGE == "en":
        return error
    try:
        line = _usage_line(error, commands, typed)
    except Exception:  # the English error is still a good error
        return error
    return error if line is None else usage(line, getattr(error, "ctx", None))


def _usage_line(error: Exception, commands: dict | None, typed: str | None) -> str | None:
    param = getattr(error, "param", None)
    hint = param.get_error_hint() if param is not None else ""
    close = getattr(error, "possibilities", None)
    kind = type(error).__name__
    if kind == "MissingParameter":
        return words("msg.missing_parameter", name=hint)
    if kind == "NoSuchOption":
        suggestion = words("msg.did_you_mean", word=close[0]) if close else ""
        return words("msg.no_such_option", name=error.option_name, suggestion=suggestion)
    if commands is not None and typed is not None and typed not in commands:
        return words("msg.no_such_command", name=repr(typed),
                     suggestion=did_you_mean_in(typed, commands, HELP_LANGUAGE))
    if kind == "BadParameter" and param is not None:
        found = str(getattr(error, "message", ""))
        expected = ("msg.expected_integer" if "integer" in found else
                    "msg.expected_number" if "number" in found else "msg.expected_value")
        return words("msg.bad_parameter", name=hint, expected=words(expected))
    return None


def did_you_mean_in(word: str, choices, lang: str) -> str:
    """:func:`queuesim.errors.did_you_mean` in the language ``lang``."""
    english = did_you_mean(word, choices)
    close = english.split("'")[1] if english else None
    return i18n.say("msg.did_you_mean", lang, word=close) if close else ""


class _PlainHelp:
    """Help without typer's Python types: an argument or the help option shows no type column,
    the usage line writes ``SCENARIO`` rather than ``{SCENARIO}``, and the help option speaks
    the language of the help. click's usage errors speak the current language."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except Exception as error:  # click's UsageError, from typer's copy of click or not
            raise _usage_error(error) from None

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [piece.replace("{", "").replace("}", "")
                for piece in super().collect_usage_pieces(ctx)]

    def get_params(self, ctx) -> list:
        params = super().get_params(ctx)
        helper = self.get_help_option(ctx)
        for param in params:
            if isinstance(param, TyperArgument) or param is helper:
                param.display_type_rich = _no_type
            if param is helper:
                param.help = words("cli.opt.help")
        return params


class PlainCommand(_PlainHelp, TyperCommand):
    """A command with a help free of Python types (pass as ``cls=`` to ``app.command``)."""


class PlainGroup(_PlainHelp, TyperGroup):
    """A group of commands with a help free of Python types (``cls=`` of ``typer.Typer``)."""

    def resolve_command(self, ctx, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except Exception as error:  # see parse_args
            raise _usage_error(error, self.commands, args[0] if args else None) from None
