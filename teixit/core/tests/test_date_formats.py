"""Dates written in a format are kept per process (teixit.core.date_formats):
the same text as Django's own `dateformat` for every value, zone, format and
language, whichever is asked first."""

import datetime as dt
import zoneinfo

import pytest
from django.template import engines
from django.test import override_settings
from django.utils import dateformat, formats, translation
from django.utils.translation import gettext_lazy

from teixit.core import date_formats

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
INSTANT = dt.datetime(2026, 12, 5, 9, 30, tzinfo=dt.UTC)

VALUES = [
    dt.date(2026, 12, 5),
    dt.date(2026, 3, 1),
    INSTANT,
    INSTANT.astimezone(MADRID),
    INSTANT.astimezone(NEW_YORK),
    dt.datetime(2026, 12, 5, 10, 30),  # naive: written in the default zone
    # the hour that happens twice when Madrid's clocks go back, both times
    dt.datetime(2026, 10, 25, 2, 30, tzinfo=MADRID),
    dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=MADRID),
]
FORMATS = ["j F Y", "j E \\d\\e Y", "D, d M Y H:i:s O e T", "l N jS", "r", "U", "I"]


@pytest.fixture
def emptied():
    date_formats.forget()
    yield
    date_formats.forget()


def djangos(function, value, format_string):
    return date_formats._djangos[function](value, format_string)


def outcome(write, value, format_string):
    """The text, or the kind of error (a time letter in a date's format)."""
    try:
        return write(value, format_string)
    except (TypeError, ValueError) as error:
        return type(error)


def test_the_kept_functions_are_installed():
    assert dateformat.format is date_formats.format
    assert dateformat.time_format is date_formats.time_format


@pytest.mark.parametrize("first", ["ca", "es", "en"])
def test_the_same_text_as_djangos_in_every_language_and_order(emptied, first):
    order = [first] + [lang for lang in ("ca", "es", "en") if lang != first]
    for _round in range(2):
        for language in order:
            with translation.override(language):
                for value in VALUES:
                    for format_string in FORMATS:
                        ours = outcome(dateformat.format, value, format_string)
                        theirs = outcome(
                            date_formats._djangos["format"], value, format_string
                        )
                        assert ours == theirs, (language, value, format_string)
    assert date_formats._KEPT


def test_the_same_instant_in_other_zones_is_written_in_each(emptied):
    """Aware datetimes of one instant are equal in Python: the zone is part of
    what decides the text."""
    utc, madrid, new_york = VALUES[2], VALUES[3], VALUES[4]
    assert utc == madrid == new_york
    texts = [dateformat.format(v, "H:i e") for v in (utc, madrid, new_york)]
    assert texts == ["09:30 UTC", "10:30 CET", "04:30 EST"]


def test_fixed_offsets_of_other_names_are_written_with_their_own(emptied):
    """`datetime.timezone` offsets compare by offset only: the name decides
    what "T" and "e" write."""
    plain = dt.timezone(dt.timedelta(hours=1))
    named = dt.timezone(dt.timedelta(hours=1), "CET")
    assert plain == named
    texts = [
        dateformat.format(INSTANT.astimezone(zone), "H:i T") for zone in (plain, named)
    ]
    assert texts == [
        djangos("format", INSTANT.astimezone(zone), "H:i T") for zone in (plain, named)
    ]
    assert texts[0] != texts[1]


def test_the_repeated_hour_is_written_with_its_fold(emptied):
    first, second = VALUES[6], VALUES[7]
    assert first == second  # the fold is not part of equality
    texts = [dateformat.format(v, "H:i U") for v in (first, second)]
    assert texts == [djangos("format", v, "H:i U") for v in (first, second)]
    assert texts[0] != texts[1]  # an hour apart


def test_a_naive_value_follows_the_default_time_zone(emptied):
    naive = VALUES[5]
    with override_settings(TIME_ZONE="Europe/Madrid"):
        assert dateformat.format(naive, "H:i T") == "10:30 CET"
    with override_settings(TIME_ZONE="America/New_York"):
        assert dateformat.format(naive, "H:i T") == "10:30 EST"


def test_month_names_follow_the_language_and_are_kept(emptied):
    value = dt.date(2026, 12, 5)
    written = {}
    for language, month in (("ca", "desembre"), ("es", "diciembre"), ("en", "Dec")):
        with translation.override(language):
            text = formats.date_format(value, "DATE_FORMAT")
            kept = len(date_formats._KEPT)
            assert formats.date_format(value, "DATE_FORMAT") == text
            assert len(date_formats._KEPT) == kept
            assert month in text
            assert text == djangos("format", value, formats.get_format("DATE_FORMAT"))
            written[language] = text
    assert len(set(written.values())) == 3


def test_a_lazy_format_and_times(emptied):
    with translation.override("en"):
        lazy = gettext_lazy("N j, Y")
        assert dateformat.format(VALUES[0], lazy) == djangos(
            "format", VALUES[0], "N j, Y"
        )
        t = dt.time(18, 5)
        assert dateformat.time_format(t, "H:i A") == djangos("time_format", t, "H:i A")
        assert formats.time_format(t, "TIME_FORMAT") == djangos(
            "time_format", t, formats.get_format("TIME_FORMAT")
        )


def test_templates_write_dates_as_before(emptied):
    template = engines["django"].from_string(
        "{{ day }}|{{ day|date:'l j \\d\\e F' }}|{{ moment }}|{{ moment|time:'H:i' }}"
    )
    with translation.override("ca"), override_settings(TIME_ZONE="Europe/Madrid"):
        first = template.render({"day": VALUES[0], "moment": INSTANT})
        again = template.render({"day": VALUES[0], "moment": INSTANT})
    assert first == again
    with translation.override("ca"), override_settings(TIME_ZONE="Europe/Madrid"):
        date_formats.forget()
        expected = "|".join(
            [
                djangos("format", VALUES[0], formats.get_format("DATE_FORMAT")),
                djangos("format", VALUES[0], "l j \\d\\e F"),
                djangos(
                    "format",
                    INSTANT.astimezone(MADRID),
                    formats.get_format("DATETIME_FORMAT"),
                ),
                "10:30",
            ]
        )
    assert first == expected
    assert "dissabte 5 de desembre" in first.lower()


def test_the_kept_texts_are_bounded(emptied, monkeypatch):
    monkeypatch.setattr(date_formats, "_LIMIT", 5)
    for day in range(1, 20):
        dateformat.format(dt.date(2026, 1, day), "j")
        assert len(date_formats._KEPT) <= 5
