import datetime as dt

from teixit.core.dates import long_date


def test_long_dates_contract_in_catalan_and_read_naturally():
    assert long_date(dt.date(2026, 12, 5), "ca") == "5 de desembre de 2026"
    assert long_date(dt.date(2026, 10, 1), "ca") == "1 d'octubre de 2026"
    assert long_date(dt.date(2026, 4, 23), "ca") == "23 d'abril de 2026"
    assert long_date(dt.date(2026, 12, 5), "es") == "5 de diciembre de 2026"
    assert long_date(None) == ""


def test_djangos_own_formats_read_naturally_in_catalan():
    """What Django writes with its Catalan formats (the admin's dates and
    history, `{{ value }}`, the `date` filter without a format): "j E" reads
    "5 de desembre", "1 d'octubre" with core's "alt. month" names."""
    from django.template import Context, Template
    from django.utils import formats, translation

    moment = dt.datetime(2026, 12, 5, 16, 58)
    with translation.override("ca"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == (
            "5 de desembre de 2026 a les 16:58"
        )
        assert formats.date_format(dt.date(2026, 10, 1)) == "1 d'octubre de 2026"
        assert formats.date_format(dt.date(2026, 4, 23)) == "23 d'abril de 2026"
        assert formats.date_format(dt.date(2026, 8, 2), "MONTH_DAY_FORMAT") == (
            "2 d'agost"
        )
        assert Template("{{ d }}").render(Context({"d": dt.date(2026, 5, 1)})) == (
            "1 de maig de 2026"
        )
    with translation.override("es"):
        assert formats.date_format(dt.date(2026, 12, 5)) == "5 de diciembre de 2026"
    with translation.override("en"):
        assert formats.date_format(dt.date(2026, 12, 5)) == "Dec. 5, 2026"
