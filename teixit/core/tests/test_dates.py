import datetime as dt

from teixit.core.dates import long_date


def test_long_dates_contract_in_catalan_and_read_naturally():
    assert long_date(dt.date(2026, 12, 5), "ca") == "5 de desembre de 2026"
    assert long_date(dt.date(2026, 10, 1), "ca") == "1 d'octubre de 2026"
    assert long_date(dt.date(2026, 4, 23), "ca") == "23 d'abril de 2026"
    assert long_date(dt.date(2026, 12, 5), "es") == "5 de diciembre de 2026"
    assert long_date(None) == ""
