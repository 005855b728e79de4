import datetime as dt

import pytest
from django.utils import translation

from kabar.core import timefmt

# 09:00 UTC on 22 September 2023: 16:00 in Jakarta, 17:00 in Makassar, 18:00 in Jayapura.
INSTANT = dt.datetime(2023, 9, 22, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "22/09/2023, 16:00 WIB"),
        ("Asia/Pontianak", "22/09/2023, 16:00 WIB"),
        ("Asia/Makassar", "22/09/2023, 17:00 WITA"),
        ("Asia/Jayapura", "22/09/2023, 18:00 WIT"),
    ],
)
def test_article_time_is_written_in_the_site_zone_with_its_indonesian_name(settings, zone, expected):
    settings.TIME_ZONE = zone
    assert timefmt.article_time(INSTANT) == expected


def test_article_time_crosses_midnight_into_the_local_date(settings):
    settings.TIME_ZONE = "Asia/Jayapura"
    late_utc = dt.datetime(2023, 9, 22, 20, 30, tzinfo=dt.UTC)
    assert timefmt.article_time(late_utc) == "23/09/2023, 05:30 WIT"


def test_article_time_outside_indonesia_uses_the_tz_database_abbreviation(settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    assert timefmt.article_time(INSTANT) == "22/09/2023, 11:00 CEST"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "2023-09-22T16:00:00+07:00"),
        ("Asia/Makassar", "2023-09-22T17:00:00+08:00"),
        ("Asia/Jayapura", "2023-09-22T18:00:00+09:00"),
    ],
)
def test_iso_with_offset_carries_the_site_zone_offset(settings, zone, expected):
    settings.TIME_ZONE = zone
    assert timefmt.iso_with_offset(INSTANT.replace(microsecond=123456)) == expected


def test_iso_with_offset_round_trips_to_the_same_instant(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    assert dt.datetime.fromisoformat(timefmt.iso_with_offset(INSTANT)) == INSTANT


def test_missing_times_format_as_empty_strings():
    assert timefmt.article_time(None) == ""
    assert timefmt.iso_with_offset(None) == ""
    assert timefmt.relative_time(None) == ""


def test_relative_time_counts_minutes_then_hours_then_falls_back_to_the_article_time(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    with translation.override("en"):
        assert timefmt.relative_time(INSTANT - dt.timedelta(seconds=30), now=INSTANT) == "just now"
        assert timefmt.relative_time(INSTANT - dt.timedelta(minutes=1), now=INSTANT) == "1 minute ago"
        assert timefmt.relative_time(INSTANT - dt.timedelta(minutes=5, seconds=59), now=INSTANT) == "5 minutes ago"
        assert timefmt.relative_time(INSTANT - dt.timedelta(minutes=59), now=INSTANT) == "59 minutes ago"
        assert timefmt.relative_time(INSTANT - dt.timedelta(hours=1), now=INSTANT) == "1 hour ago"
        assert timefmt.relative_time(INSTANT - dt.timedelta(hours=23, minutes=59), now=INSTANT) == "23 hours ago"
    two_days_earlier = INSTANT - dt.timedelta(days=2)
    assert timefmt.relative_time(two_days_earlier, now=INSTANT) == "20/09/2023, 16:00 WIB"


def test_relative_time_in_indonesian_keeps_the_number():
    with translation.override("id"):
        text = timefmt.relative_time(INSTANT - dt.timedelta(minutes=7), now=INSTANT)
    assert "7" in text.split()


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, "Rp 0"), (500, "Rp 500"), (49000, "Rp 49.000"), (1250000, "Rp 1.250.000")],
)
def test_rupiah_separates_thousands_with_dots(amount, expected):
    assert timefmt.rupiah(amount) == expected
