"""The one rule set for an entity's values.

Pure functions over plain values (texts, numbers): `Entity.clean` (hence the
technicians' form and the admin), the API and the importer's row validation all
call them, so that whatever one entry point accepts the others accept too (an
imported entity can always be saved again from the form).

- text lengths come from the model's fields (`text_limit`);
- e-mail and web addresses are checked with Django's own validators, as the
  form fields do; web addresses typed without a scheme are read as https;
- one phone rule (`PHONE_RE`);
- multi-valued contacts (``a.coop;b.coop``): the first value is kept in the
  field and the others go to `Entity.other_contacts` (`contacts_split`);
- coordinates: both or neither, in range, not swapped (`coordinates_errors`);
- the approximate flag: an entity without coordinates is approximate
  (`location_is_approximate`);
- women workers never more than workers, years between 1800 and this year.

Tax IDs and postcodes have their rules in `validators.py`.
"""

from __future__ import annotations

import re
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

YEAR_MIN = 1800
#: The contact fields that may hold several values in a source file.
CONTACT_FIELDS = ("website", "email", "phone")
#: One phone number: digits, spaces and the usual punctuation, 6 to 30 signs.
PHONE_RE = re.compile(r"^[+()\d][\d\s().\-/]{5,29}$")
# Separators between several values of one contact field. Commas separate
# phones and e-mails, never web addresses (a URL may hold a comma).
_SEPARATORS = {
    "website": re.compile(r"\s*[;|]\s*|\s+"),
    "email": re.compile(r"\s*[;|,]\s*|\s+"),
    "phone": re.compile(r"\s*[;|,]\s*|\s+/\s+"),
}
_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])


@cache
def text_limit(name: str) -> int | None:
    """The model field's `max_length` (None for unlimited texts)."""
    from .models import Entity

    return Entity._meta.get_field(name).max_length


def field_label(name: str) -> str:
    from .models import Entity

    try:
        return str(Entity._meta.get_field(name).verbose_name)
    except Exception:
        return name


def text_length_error(name: str, value: str) -> str | None:
    limit = text_limit(name)
    if limit and len(value) > limit:
        return _("%(field)s is longer than %(limit)s characters.") % {
            "field": field_label(name),
            "limit": limit,
        }
    return None


def email_clean(value: str) -> str:
    """The e-mail address, or ValidationError (Django's EmailValidator)."""
    value = value.strip()
    _email(value)
    return value


def website_clean(value: str) -> str:
    """The web address with https:// when typed without a scheme (as the form
    reads it), or ValidationError (Django's URLValidator)."""
    value = value.strip()
    if "://" not in value:
        value = f"https://{value}"
    _url(value)
    return value


def phone_clean(value: str) -> str:
    value = value.strip()
    if not PHONE_RE.match(value):
        raise ValidationError(
            _("%(value)s is not a phone number.") % {"value": value}, code="phone"
        )
    return value


CONTACT_CLEAN = {"website": website_clean, "email": email_clean, "phone": phone_clean}


def contacts_split(kind: str, text: str) -> tuple[str, list[str]]:
    """``"a@x.coop; b@x.coop"`` → ("a@x.coop", ["b@x.coop"]): the first value
    for the field, the others for `other_contacts`. Every value must pass the
    field's rule (ValidationError naming the bad one); the first must fit the
    field's length."""
    clean = CONTACT_CLEAN[kind]
    text = text.strip()
    try:
        return clean(text), []
    except ValidationError:
        if not _SEPARATORS[kind].search(text):
            raise
    values = []
    for part in _SEPARATORS[kind].split(text):
        part = part.strip()
        if part:
            value = clean(part)
            if value not in values:
                values.append(value)
    if not values:
        raise ValidationError(_("No value."), code="empty")
    return values[0], values[1:]


def contacts_assign(
    values: dict, other_contacts: dict | None = None
) -> tuple[dict, dict[str, list[str]]]:
    """Split every contact field present in `values` (`contacts_split`): the
    values keep the first of each, and the others replace that field's list in
    `other_contacts` (a copy is returned). ValidationError by field."""
    others = dict(other_contacts or {})
    errors = {}
    for name in CONTACT_FIELDS:
        text = values.get(name)
        if text is None:
            continue
        if not text:
            others.pop(name, None)
            continue
        try:
            values[name], rest = contacts_split(name, text)
        except ValidationError as exc:
            errors[name] = exc.messages
            continue
        if rest:
            others[name] = rest
        else:
            others.pop(name, None)
    if errors:
        raise ValidationError(errors)
    return values, others


def location_is_approximate(latitude: float | None, longitude: float | None) -> bool:
    """An entity without its own coordinates is shown at its municipality's
    centre: its location is approximate."""
    return latitude is None or longitude is None


def coordinates_errors(
    latitude: float | None,
    longitude: float | None,
    *,
    bounds: tuple[float, float, float, float] | None = None,
) -> list[str]:
    """What is wrong with a pair of coordinates (empty: nothing). `bounds`
    (south, west, north, east) are those of the territories the network
    covers: a point outside them whose swapped coordinates fall inside was
    typed with the latitude in the longitude field."""
    if latitude is None and longitude is None:
        return []
    if latitude is None or longitude is None:
        return [_("Give both latitude and longitude, or neither.")]
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return [
            _("Coordinates %(lat)s, %(lon)s are out of range.")
            % {"lat": latitude, "lon": longitude}
        ]
    if bounds is not None:
        south, west, north, east = bounds

        def inside(lat, lon):
            return south <= lat <= north and west <= lon <= east

        if not inside(latitude, longitude) and inside(longitude, latitude):
            return [
                _(
                    "The coordinates seem swapped: %(lat)s is in the latitude field "
                    "and %(lon)s in the longitude field. Put the latitude (north) "
                    "first and the longitude (east) second."
                )
                % {"lat": latitude, "lon": longitude}
            ]
    return []


def year_error(name: str, year: int | None) -> str | None:
    if year is None:
        return None
    now = timezone.localdate().year
    if not (YEAR_MIN <= year <= now):
        return _("%(field)s must be a year between %(first)s and %(last)s.") % {
            "field": field_label(name),
            "first": YEAR_MIN,
            "last": now,
        }
    return None


def workers_error(total: int | None, women: int | None) -> str | None:
    if total is not None and women is not None and women > total:
        return _("There cannot be more women workers than workers.")
    return None


def entity_values_errors(values: dict) -> dict[str, list[str]]:
    """Every rule above over a dict of model values (field name → value): the
    errors by field. Used by `Entity.clean` and the API."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        if message:
            errors.setdefault(name, []).append(message)

    for name in ("name", "address", "postcode"):
        if values.get(name):
            add(name, text_length_error(name, values[name]))
    if values.get("phone"):
        try:
            phone_clean(values["phone"])
        except ValidationError as exc:
            add("phone", exc.messages[0])
    lat, lon = values.get("latitude"), values.get("longitude")
    bounds = territory_bounds() if lat is not None and lon is not None else None
    for message in coordinates_errors(lat, lon, bounds=bounds):
        add("longitude", message)
    for name in ("year_founded", "social_balance_year"):
        add(name, year_error(name, values.get(name)))
    add(
        "workers_women",
        workers_error(values.get("workers_total"), values.get("workers_women")),
    )
    return errors


# The territories the network covers ------------------------------------------

_MARGIN = 0.5  # degrees: the centroids' box grows by this on every side


def territory_bounds() -> tuple[float, float, float, float] | None:
    """(south, west, north, east) around the loaded municipalities' centroids,
    with a margin; None when none is loaded. Read once per process, refreshed
    when the number of municipalities changes."""
    from django.db.models import Count, Max, Min

    from teixit.territories.models import Municipality

    found = Municipality.objects.filter(latitude__isnull=False).aggregate(
        n=Count("pk"),
        s=Min("latitude"),
        w=Min("longitude"),
        no=Max("latitude"),
        e=Max("longitude"),
    )
    if not found["n"]:
        return None
    return (
        found["s"] - _MARGIN,
        found["w"] - _MARGIN,
        found["no"] + _MARGIN,
        found["e"] + _MARGIN,
    )
