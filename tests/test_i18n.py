"""The catalogue: every key in every language, the same fields to fill, no key in two domains."""

import string

import pytest

from queuesim import i18n


@pytest.mark.parametrize("domain", i18n.DOMAINS, ids=lambda d: d.__name__.rsplit(".", 1)[-1])
def test_every_language_has_every_key_of_a_domain(domain):
    english = domain.EN
    for code, name in i18n.CODES.items():
        assert set(getattr(domain, name)) == set(english), code


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_translations_fill_the_same_fields():
    english = i18n.texts("en")
    for code in i18n.CODES:
        table = i18n.texts(code)
        wrong = [key for key in english if _fields(table[key]) != _fields(english[key])]
        assert not wrong, (code, wrong)


def test_languages_are_chosen_by_prefix_and_unknown_ones_refused():
    assert i18n.language("zh_CN") == "zh" and i18n.language("EN") == "en"
    with pytest.raises(ValueError, match="expected 'en' or 'zh', found 'fr'"):
        i18n.language("fr")


def test_say_fills_fields():
    assert i18n.say("target_abandon", "en", level=5) == "target ≤ 5 %"
