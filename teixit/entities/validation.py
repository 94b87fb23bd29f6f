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


# Plain addresses that Django's validators accept for certain (these patterns
# are strict subsets of theirs): an import checks most of its values with one
# regular expression, and only the others with the full validator, so that the
# rule stays Django's while 100,000-row imports stay fast.
_PLAIN_EMAIL = re.compile(
    r"^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_PLAIN_URL = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
    r"(?:/[A-Za-z0-9._~/-]*)?$"
)


def email_clean(value: str) -> str:
    """The e-mail address, or ValidationError (Django's EmailValidator)."""
    value = value.strip()
    if len(value) > 254 or not _PLAIN_EMAIL.match(value):
        _email(value)
    return value


def website_clean(value: str) -> str:
    """The web address with https:// when typed without a scheme (as the form
    reads it), or ValidationError (Django's URLValidator)."""
    value = value.strip()
    if "://" not in value:
        value = f"https://{value}"
    if len(value) > 250 or not _PLAIN_URL.match(value):  # hosts ≤ 253 signs
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


# Where an entity is: the municipality decision --------------------------------

#: How far (in degrees, about 500 m) a point may lie outside a municipality's
#: simplified outline and still belong to it (then the nearest one wins).
BOUNDARY_TOLERANCE = 0.005
#: Without outlines: how far (km) a point may be from the named
#: municipality's centre.
CENTROID_DISTANCE_KM = 25.0
#: Country names and codes of Spain, the only country whose municipalities
#: the register holds (folded: lower case, without accents).
SPAIN = frozenset(["es", "esp", "spain", "espana", "espanya", "espagne", "spanien"])
_URL_LIKE = re.compile(r"^(https?://|www\.)|\.(com|org|net|cat|es|coop)(/|$)", re.I)


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def province_of_code(code: str) -> str | None:
    """The two-digit Spanish province of a municipality code (IDESCAT or INE),
    or None for codes that are not Spanish municipality codes."""
    if len(code) in (5, 6) and code.isdigit() and "01" <= code[:2] <= "52":
        return code[:2]
    return None


class Places:
    """The loaded municipalities as the decision needs them, in memory: their
    provinces, centres and (when loaded) outlines. Built once per import, or
    once per process for single edits (`places_current`)."""

    def __init__(self, rows) -> None:
        """`rows`: (pk, code, latitude, longitude, boundary) tuples."""
        self.province: dict[int, str | None] = {}
        self.centroids: dict[int, tuple[float | None, float | None]] = {}
        self.provinces: set[str] = set()
        shapes, pks = [], []
        for pk, code, lat, lon, boundary in rows:
            province = province_of_code(code)
            self.province[pk] = province
            if province:
                self.provinces.add(province)
            self.centroids[pk] = (lat, lon)
            if boundary:
                shape = _shape(boundary)
                if shape is not None:
                    shapes.append(shape)
                    pks.append(pk)
        self._shapes, self._pks = shapes, pks
        self._by_pk = dict(zip(pks, shapes, strict=True))
        self._tree = None
        if shapes:
            import shapely

            shapely.prepare(shapes)
            self._tree = shapely.STRtree(shapes)
        known = [c for c in self.centroids.values() if c[0] is not None]
        self.bounds = (
            (
                min(c[0] for c in known) - _MARGIN,
                min(c[1] for c in known) - _MARGIN,
                max(c[0] for c in known) + _MARGIN,
                max(c[1] for c in known) + _MARGIN,
            )
            if known
            else None
        )

    @property
    def has_outlines(self) -> bool:
        return self._tree is not None

    def at(self, latitude: float, longitude: float) -> int | None:
        """The municipality whose outline holds the point (within the
        tolerance, then the nearest), or None."""
        if self._tree is None:
            return None
        from shapely import Point

        point = Point(longitude, latitude)
        inside = self._tree.query(point, predicate="intersects")
        if len(inside):
            return self._pks[int(inside[0])]
        near = self._tree.query(point, predicate="dwithin", distance=BOUNDARY_TOLERANCE)
        if not len(near):
            return None
        best = min(near, key=lambda i: self._shapes[int(i)].distance(point))
        return self._pks[int(best)]

    def holds(self, pk: int | None, latitude: float, longitude: float) -> bool:
        """Whether the municipality's own outline holds the point (the quick
        test of the usual row, whose name and point agree)."""
        shape = self._by_pk.get(pk)
        if shape is None:
            return False
        import shapely

        return bool(shapely.intersects_xy(shape, longitude, latitude))

    def near_centre(self, pk: int, latitude: float, longitude: float) -> bool:
        lat, lon = self.centroids.get(pk, (None, None))
        if lat is None or lon is None:
            return True
        return _km(lat, lon, latitude, longitude) <= CENTROID_DISTANCE_KM


def _shape(geometry: dict):
    try:
        from shapely.geometry import shape

        return shape(geometry)
    except Exception:  # a broken outline is as good as none
        return None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def places_load() -> Places:
    from teixit.territories.models import Municipality

    return Places(
        Municipality.objects.values_list(
            "pk", "code", "latitude", "longitude", "boundary"
        ).iterator(chunk_size=200)
    )


def _places_fingerprint() -> tuple:
    """The municipalities' number, ids, codes, outlines and centres, summed
    up in one aggregate."""
    from django.db.models import Count, Max, Min, Sum

    from teixit.territories.models import Municipality

    return tuple(
        Municipality.objects.aggregate(
            n=Count("pk"),
            m=Max("pk"),
            b=Count("boundary"),
            c=Min("code"),
            d=Max("code"),
            la=Sum("latitude"),
            lo=Sum("longitude"),
        ).values()
    )


_places_kept = None


def places_current() -> Places:
    """`places_load`, kept while the municipalities do not change: while the
    register's stamp (which every write to the municipalities changes) is the
    same, then while their summary (`_places_fingerprint`) is: single edits
    do not read 947 outlines each time, nor sum them up while nothing is
    written."""
    global _places_kept
    from .selectors import KeptInProcess

    if _places_kept is None:
        _places_kept = KeptInProcess(
            _places_fingerprint, lambda _fingerprint: places_load()
        )
    return _places_kept.get()


def outside_message(what: str) -> str:
    return _(
        "%(what)s is outside the territories this network covers: it cannot be "
        "an entity of the register."
    ) % {"what": what}


def name_is_not_a_name(text: str) -> bool:
    """A municipality column holding a web address (or nothing)."""
    return not text.strip() or bool(_URL_LIKE.search(text.strip()))


def municipality_decide(
    places: Places,
    *,
    named: int | None,
    name: str = "",
    postcode: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    country: str = "",
    strict: bool = True,
) -> tuple[int | None, list[str]]:
    """The municipality of a row, and the errors that stop it.

    - a country other than Spain, a postcode of a province none of the loaded
      municipalities is in, or a point outside every loaded outline (or far
      from all of them when no outline is loaded): outside the territories;
    - with a point and outlines, the point decides; a name (`named`: the
      municipality the name matched) that disagrees is an error naming the
      name, the postcode and the point, never a silent choice; without
      outlines, a point far from the named municipality's centre is;
    - a missing name, or one that is not a name (a web address): the point
      decides;
    - a postcode of another province than the municipality's is an error.

    `strict=False` (single edits, whose municipality a person chose) leaves
    out the checks that need outlines when none is loaded.
    """
    if country and _fold(country) not in SPAIN:
        return None, [outside_message(_("The country %(value)s") % {"value": country})]
    if postcode and places.provinces and postcode[:2] not in places.provinces:
        return None, [
            outside_message(_("The postcode %(value)s") % {"value": postcode})
        ]
    has_point = latitude is not None and longitude is not None
    point_text = f"{latitude}, {longitude}"
    chosen = named
    if has_point:
        if named is not None and places.holds(named, latitude, longitude):
            at = named
        else:
            at = places.at(latitude, longitude)
        if places.has_outlines and at is None:
            return None, [
                outside_message(_("The point %(value)s") % {"value": point_text})
            ]
        if strict and not places.has_outlines and places.bounds is not None:
            south, west, north, east = places.bounds
            if not (south <= latitude <= north and west <= longitude <= east):
                return None, [
                    outside_message(_("The point %(value)s") % {"value": point_text})
                ]
        if at is not None:
            if named is not None and named != at and not name_is_not_a_name(name):
                return None, [_disagree(name, postcode, point_text)]
            chosen = at
        elif (
            strict
            and named is not None
            and not places.near_centre(named, latitude, longitude)
        ):
            return None, [_disagree(name, postcode, point_text)]
    if chosen is None:
        return None, []
    province = places.province.get(chosen)
    if postcode and province and postcode[:2] != province:
        return None, [_disagree(name, postcode, point_text if has_point else "—")]
    return chosen, []


def _disagree(name: str, postcode: str, point: str) -> str:
    return _(
        "The municipality %(name)s, the postcode %(postcode)s and the point "
        "%(point)s do not agree: correct the one that is wrong."
    ) % {"name": name or "—", "postcode": postcode or "—", "point": point}


def location_errors(
    *,
    municipality_id: int | None,
    postcode: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> list[str]:
    """The decision for one entity whose municipality was chosen (the form,
    the API, the admin): the same rule as the importer's rows."""
    if municipality_id is None:
        return []
    if not postcode and (latitude is None or longitude is None):
        return []
    places = places_current()
    from teixit.territories.models import Municipality

    name = (
        Municipality.objects.filter(pk=municipality_id)
        .values_list("name", flat=True)
        .first()
        or ""
    )
    _chosen, errors = municipality_decide(
        places,
        named=municipality_id,
        name=name,
        postcode=postcode,
        latitude=latitude,
        longitude=longitude,
        strict=False,
    )
    return errors
