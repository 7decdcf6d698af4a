"""Reading report pages as a reader does: the words on the page and in its charts, and which
English words of the catalogue are left on a page in another language."""

from __future__ import annotations

import json
import re
import string
from html import unescape

from plotly.offline import get_plotlyjs

from queuesim import i18n


def visible_words(page: str) -> str:
    """The page without plotly.js and without the scenario's YAML (a record of the file, in the
    file's own keys), HTML entities and the charts' JSON strings decoded: what a reader sees on
    the page and in the charts."""
    own = re.sub(r"<pre>.*?</pre>", "", page.replace(get_plotlyjs(), ""), flags=re.S)
    decoded = re.sub(r'"((?:[^"\\]|\\.)*)"', lambda m: json.loads(f'"{m[1]}"'), own)
    return unescape(decoded)


def english_left(page: str, domains: tuple = (i18n.pages, i18n.data_pages, i18n.kpis)) -> list:
    """Catalogue keys whose English words (a literal stretch of 12 characters or more between
    the ``{fields}``) are on ``page`` though the Chinese words do not hold them (as they hold a
    name such as Anderson–Darling)."""
    words = visible_words(page)
    left = []
    for domain in domains:
        for key, english in domain.EN.items():
            if english == domain.ZH[key]:
                continue
            pieces = [literal for literal, *_ in string.Formatter().parse(english)]
            if any(len(piece.strip()) >= 12 and piece.strip() in words
                   and piece.strip() not in domain.ZH[key] for piece in pieces):
                left.append(key)
    return left
