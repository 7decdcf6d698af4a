"""The words queuesim says, in English and Chinese: one catalogue for terminal, help, errors
and pages.

Each module of this package holds one domain's words as two flat dicts, ``EN`` and ``ZH``, with
the same keys (a test compares the key sets, so a translator sees at once what is missing).
:func:`texts` merges the domains into one table per language; a key belongs to one domain only.
Strings with ``{name}`` fields are filled with :meth:`str.format`. To add a language, add a
dict to every domain module and an entry to :data:`CODES`.

The package imports nothing heavy: ``queuesim --help`` reads it.
"""

from __future__ import annotations

import os
from functools import cache

from . import cli, errors, kpis, network, pages, terminal

DOMAINS = (kpis, pages, terminal, cli, errors, network)
CODES = {"en": "EN", "zh": "ZH"}
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def default_language() -> str:
    """``"zh"`` when the locale (``LC_ALL``, ``LC_MESSAGES`` or ``LANG``) is Chinese, else
    ``"en"``."""
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
    code = (lang or default_language()).lower()
    for known in CODES:
        if code.startswith(known):
            return known
    raise ValueError(f"lang: expected 'en' or 'zh', found {lang!r}")


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


def say(key: str, lang: str | None = None, **fields) -> str:
    """One string of the catalogue, filled with ``fields``."""
    text = texts(lang)[key]
    return text.format(**fields) if fields else text
