"""The sentences a staffing plan says about itself (how it was found, what it is compared with),
in the user's language.

A :class:`Note` is the English sentence, so the JSON document, the saved summary and code that
reads ``report.notes`` see plain text as before, and it remembers its catalogue key and fields,
so that the terminal can say it in Chinese (:meth:`Note.say`). The words are in
:mod:`queuesim.i18n.staffing` (keys ``staff_note_…``).
"""

from __future__ import annotations

from .. import i18n


class Note(str):
    """A sentence of the catalogue: the English text, with the key and fields to say it in
    another language. Fields are filled in already formatted (numbers as they are shown)."""

    key: str
    fields: dict

    def __new__(cls, key: str, **fields) -> Note:
        note = super().__new__(cls, i18n.say(key, "en", **fields))
        note.key, note.fields = key, fields
        return note

    def __reduce__(self):
        return _note, (self.key, self.fields)

    def say(self, lang: str | None = None) -> str:
        """The sentence in ``lang`` (fields that are notes too are said in it as well)."""
        return i18n.say(self.key, lang, **{name: say(value, lang) if isinstance(value, str)
                                           else value for name, value in self.fields.items()})


def _note(key: str, fields: dict) -> Note:
    return Note(key, **fields)


def say(line: str, lang: str | None = None) -> str:
    """A note in ``lang`` (a plain string, such as a shift scheduler's message, as it is)."""
    return line.say(lang) if isinstance(line, Note) else line


def hours(value: float) -> str:
    """Counter-hours as shown: one decimal."""
    return f"{value:.1f}"


def money(value: float, currency: str | None) -> str:
    """A cost in whole units, with its currency when there is one: ``1,980 yuan``."""
    return f"{value:,.0f} {currency}" if currency else f"{value:,.0f}"
