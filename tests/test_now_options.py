"""Options in words: parsed with a did-you-mean, and what they do to the counters' hours."""

from __future__ import annotations

import pytest

from queuesim.errors import ScenarioError
from queuesim.now.options import Action, apply, cut, parse_option, union, without

IDS = ["T1", "T2", "T3", "T4", "V1"]
CLASSES = ["personal", "business", "vip"]
H = 60.0


def parse(text):
    return parse_option(text, IDS, CLASSES)


def test_every_form_is_read():
    assert parse("nothing").actions == () and parse("Do  nothing").text == "nothing"
    assert parse("open T3 now").actions == (Action("open", "T3"),)
    assert parse("open T3 at 12:00 until 13:30").actions == (
        Action("open", "T3", at=12 * H, until=13.5 * H),)
    assert parse("open T6 now like T1").actions == (Action("open", "T6", like="T1"),)
    assert parse("close T2 at 12:30").actions == (Action("close", "T2", at=12.5 * H),)
    assert parse("extend T3 to 14:00").actions == (Action("extend", "T3", until=14 * H),)
    assert parse("move T4 to business, vip").actions == (
        Action("move", "T4", classes=("business", "vip")),)
    assert len(parse("open T3 now and close T2 at 12:30").actions) == 2


@pytest.mark.parametrize(("text", "message"), [
    ("opne T3 now", "unknown action 'opne' (did you mean 'open'?)"),
    ("open T33 now", "unknown counter 'T33' (did you mean 'T3'?)"),
    ("open X9 now", "to add a counter say 'open X9 now like T1'"),
    ("move T4 to busines", "unknown class 'busines' (did you mean 'business'?)"),
    ("close T2 at 25:00", "expected a clock time"),
    ("close T2 tomorrow", "expected 'close T2 now | close T2 at 12:30', found"),
    ("open T6 now like T11", "like: unknown counter 'T11' (did you mean 'T1'?)"),
])
def test_a_misspelt_option_is_one_line_naming_it(text, message):
    with pytest.raises(ScenarioError) as caught:
        parse(text)
    assert str(caught.value).startswith(f"--option {text!r}: ")
    assert message in str(caught.value)


def test_intervals_union_cut_and_remove():
    assert union([(540, 720), (780, 1020)], (700, 800)) == [(540, 1020)]
    assert cut([(540, 720), (780, 1020)], 750) == [(540, 720)]
    assert cut([(540, 720)], 600) == [(540, 600)]
    assert without([(540, 720), (780, 1020)], 700, 800) == [(540, 700), (800, 1020)]


def test_options_change_hours_and_classes_from_now():
    hours = {"T2": [(540.0, 1020.0)], "T3": [(540.0, 720.0), (780.0, 1020.0)], "T1": []}
    serves = {"T1": ["personal"], "T2": None, "T3": None, "T4": None}
    now, close = 700.0, 820.0
    apply(parse("close T2 at 12:30 and extend T3 to 14:00 and move T4 to vip"),
          hours, serves, now, close)
    assert hours["T2"] == [(540.0, 750.0)]
    assert hours["T3"] == [(540.0, 1020.0)]
    assert serves["T4"] == ["vip"]
    apply(parse("open T6 at 12:00 like T1"), hours, serves, now, close)
    assert hours["T6"] == [(720.0, 820.0)] and serves["T6"] == ["personal"]
