"""The words queuesim says, in English and Chinese: one catalogue for terminal, help, errors
and pages.

Each module of this package holds one domain's words as two flat dicts, ``EN`` and ``ZH``, with
the same keys (a test compares the key sets, so a translator sees at once what is missing).
:func:`texts` merges the domains into one table per language; a key belongs to one domain only.
Strings with ``{name}`` fields are filled with :meth:`str.format`. To add a language, add a
dict to every domain module and an entry to :data:`CODES`.

The language of a session is chosen once (:func:`set_language`, by the command line from
``--lang``, else ``QUEUESIM_LANG``, else the locale) and read wherever words are needed
(:func:`current`); ``lang=None`` everywhere means that language.

The package imports nothing heavy: ``queuesim --help`` reads it.
"""

from __future__ import annotations

import os
from functools import cache

from . import cli, data_pages, errors, kpis, network, now, pages, staffing, terminal

DOMAINS = (kpis, pages, data_pages, terminal, staffing, cli, errors, now, network)
CODES = {"en": "EN", "zh": "ZH"}
HTML_LANG = {"en": "en", "zh": "zh-CN"}


_chosen: str | None = None


def default_language() -> str:
    """The language of ``QUEUESIM_LANG`` when it is set, else ``"zh"`` when the locale
    (``LC_ALL``, ``LC_MESSAGES`` or ``LANG``) is Chinese, else ``"en"``."""
    wanted = os.environ.get("QUEUESIM_LANG", "").lower()
    if any(wanted.startswith(code) for code in CODES):
        return wanted[:2]
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def language(lang: str | None = None) -> str:
    """The code (``"en"`` or ``"zh"``) of a requested language; ``None`` means the locale's.

    Raises
    ------
    ValueError
        For a language queuesim does not speak (callers turn it into a one-line error).
    """
    code = (lang or current()).lower()
    for known in CODES:
        if code.startswith(known):
            return known
    raise ValueError(f"lang: expected 'en' or 'zh', found {lang!r}")


def set_language(lang: str | None) -> str:
    """Make ``lang`` the language of what follows (``None``: back to :func:`default_language`);
    returns the code chosen."""
    global _chosen
    _chosen = language(lang) if lang else None
    return current()


def current() -> str:
    """The language chosen by :func:`set_language`, else :func:`default_language`."""
    return _chosen or default_language()


@cache
def _table(code: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for domain in DOMAINS:
        words = getattr(domain, CODES[code])
        clash = merged.keys() & words.keys()
        if clash:
            raise RuntimeError(f"catalogue keys in two domains: {sorted(clash)}")
        merged.update(words)
    return merged


def texts(lang: str | None = None) -> dict[str, str]:
    """Every string of a language, keyed as in the domain modules (see :func:`language`)."""
    return _table(language(lang))


def translated(english: str, prefix: str, lang: str | None = None) -> str:
    """``english`` in another language: the entry under ``prefix`` whose English text it is
    (a caller's ``"a scenario YAML file"``), else ``english`` itself."""
    table = texts("en")
    key = next((key for key in table if key.startswith(prefix) and table[key] == english), None)
    return say(key, lang) if key else english


def say(key: str, lang: str | None = None, **fields) -> str:
    """One string of the catalogue, filled with ``fields``."""
    text = texts(lang)[key]
    return text.format(**fields) if fields else text
