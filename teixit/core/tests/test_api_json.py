"""The API's JSON writer (`teixit.core.api.json_bytes`, orjson): the same values,
in the same order, as ninja's `json.dumps(..., cls=NinjaJSONEncoder)` wrote
before, byte for byte once read back and written again with it."""

import dataclasses
import datetime
import decimal
import json
import uuid

import pytest
from django.db import models
from django.utils.translation import gettext_lazy
from ninja.responses import NinjaJSONEncoder

from teixit.core.api import json_bytes


class Colour(models.TextChoices):
    RED = "red", "Red"


class Size(models.IntegerChoices):
    SMALL = 1, "Small"


def old(data) -> bytes:
    """What the API wrote before: ninja's renderer."""
    return json.dumps(data, cls=NinjaJSONEncoder).encode()


def same_as_before(body: bytes, data) -> bool:
    """`body` holds what the old writer wrote for `data`: read back and written
    again with the old writer, the very same bytes."""
    return old(json.loads(body)) == old(data)


VALUES = {
    "accents and quotes": 'Cooperativa l\'Olivera — "Vallbona" · àéïòúç ñ €',
    "control characters": "a\tb\nc\x00d\x1f",
    "emoji": "Mercat 🍅",
    "numbers": [0, -1, 2**63 - 1, -(2**63), 0.1, 41.387917, 2.169919, 1e-7, 1e16],
    "booleans and null": [True, False, None],
    "nested": {"items": [{"code": "food", "label": "Alimentació"}], "count": 1},
    "datetime with microseconds": datetime.datetime(
        2026, 12, 6, 4, 35, 20, 123456, tzinfo=datetime.UTC
    ),
    "naive datetime": datetime.datetime(2026, 12, 6, 4, 35, 20),
    "other time zone": datetime.datetime(
        2026, 12, 6, 4, 35, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    ),
    "date": datetime.date(2026, 12, 6),
    "time": datetime.time(4, 35, 20, 999999),
    "duration": datetime.timedelta(days=1, seconds=3),
    "decimal": decimal.Decimal("12.50"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy translation": gettext_lazy("Catalan"),
    "text choices": Colour.RED,
    "integer choices": Size.SMALL,
    "integer keys": {1: "one", 2: "two"},
    "tuple": (1, "two"),
    "integer beyond 64 bits": 2**70,
    "lone surrogate": "\ud800",
}


@pytest.mark.parametrize("name", VALUES)
def test_json_bytes_writes_what_json_dumps_wrote(name):
    data = {"value": VALUES[name], "after": "kept in order"}
    body = json_bytes(data)
    assert same_as_before(body, data)
    assert list(json.loads(body)) == ["value", "after"]


def test_json_bytes_refuses_what_json_dumps_refused():
    @dataclasses.dataclass
    class Point:
        x: int

    for value in (Point(1), {1, 2}, object()):
        with pytest.raises(TypeError):
            json_bytes({"value": value})


def test_json_bytes_is_compact_utf8():
    assert json_bytes({"a": [1, "à"]}) == '{"a":[1,"à"]}'.encode()
