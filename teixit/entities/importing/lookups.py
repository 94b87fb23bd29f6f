"""In-memory look-ups of an import: municipalities (names as people type
them) and concepts, so that rows are validated without queries."""

from __future__ import annotations

import re

from teixit.territories import text as territory_text

from .. import validation
from ..names import municipality_key, normalise_name

_POSTCODE_PREFIX = re.compile(r"^\s*\d{4,5}\s+|\s+\d{4,5}\s*$")
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


# Look-ups ------------------------------------------------------------------------


#: Some sources cut names at this length; a cut name matches the one it begins.
CUT_NAME_LENGTH = territory_text.CUT_NAME_LENGTH


class MunicipalityIndex:
    """All municipalities in memory: by IDESCAT/INE code and by name key, with
    a cache of every text already resolved. Name keys follow
    `territories.selectors.municipality_match` without querying: each part of a
    bilingual name ("Donostia / San Sebastián") is a key too; when several
    municipalities share a key, the one whose whole name it is wins, then the
    Catalan one; a key still shared by several matches none. Then, as
    `municipality_match` does: a name followed by its province, a former name
    (`territories.aliases`), a name cut at 40 characters."""

    #: The index the mapping page's previews share (`kept`).
    _kept = None
    #: Texts resolved that a kept index remembers at most (then forgets them).
    CACHE_LIMIT = 50_000

    @staticmethod
    def _rows() -> tuple[tuple, tuple]:
        """What an index is built from: the municipalities' and provinces' rows."""
        from teixit.territories.models import Municipality, Province

        return (
            tuple(
                Municipality.objects.values_list(
                    "pk", "code", "ine_code", "name", "latitude", "longitude"
                )
            ),
            tuple(Province.objects.values_list("code", "name")),
        )

    @classmethod
    def kept(cls, places: validation.Places) -> MunicipalityIndex:
        """An index for the mapping page's preview, kept while the register's
        stamp is the same (every write to the municipalities and provinces
        changes it); when it has changed, built again only if their rows
        differ from those it was built from (compared whole: reading them is
        a fifth of building it; the former names are the shipped file's). The
        texts it resolved are kept with it."""
        from ..selectors import KeptInProcess

        if cls._kept is None:
            cls._kept = KeptInProcess(
                cls._rows, lambda rows: cls(validation.places_current(), rows=rows)
            )
        index = cls._kept.get()
        index.places = places
        if len(index._cache) > cls.CACHE_LIMIT:
            index._cache.clear()
        return index

    def __init__(
        self, places: validation.Places | None = None, *, rows: tuple | None = None
    ) -> None:
        """`places`: the municipalities' outlines and centres already loaded
        (the mapping page's preview passes `validation.places_current()`, kept
        while the municipalities do not change); an import loads them anew.
        `rows`: `_rows()` already read."""
        from teixit.territories.aliases import alias_keys, province_keys
        from teixit.territories.models import CATALAN_PROVINCES
        from teixit.territories.selectors import namesake_choice

        municipalities, provinces = rows if rows is not None else self._rows()
        self.by_code: dict[str, int] = {}
        self.by_key: dict[str, int | None] = {}
        self.centroids: dict[int, tuple[float | None, float | None]] = {}
        self.codes: dict[int, str] = {}
        candidates: dict[str, dict[int, tuple[bool, bool]]] = {}
        for pk, code, ine, name, lat, lon in municipalities:
            self.by_code[code] = pk
            if ine:
                self.by_code.setdefault(ine, pk)
            key = municipality_key(name)
            catalan = code[:2] in CATALAN_PROVINCES
            candidates.setdefault(key, {})[pk] = (True, catalan)
            if " / " in key:
                for part in key.split(" / "):
                    if part.strip():
                        candidates.setdefault(part.strip(), {}).setdefault(
                            pk, (False, catalan)
                        )
            self.centroids[pk] = (lat, lon)
            self.codes[pk] = code
        for key, found in candidates.items():
            self.by_key[key] = namesake_choice(
                [(pk, whole, catalan) for pk, (whole, catalan) in found.items()]
            )
        # Every municipality a key names, former names included (by province).
        self.all_by_key: dict[str, set[int]] = {
            key: set(found) for key, found in candidates.items()
        }
        for key, codes in alias_keys().items():
            pks = {self.by_code[code] for code in codes if code in self.by_code}
            if pks:
                self.all_by_key.setdefault(key, set()).update(pks)
                if key not in self.by_key:  # a current name wins over a former one
                    self.by_key[key] = pks.pop() if len(pks) == 1 else None
        self.provinces = province_keys(provinces)
        self._cache: dict[str, int | None] = {}
        self.places = places if places is not None else validation.places_load()

    def _lookup(self, text: str) -> int | None:
        text = text.strip(" .,;")
        if not text:
            return None
        if text.isdigit():
            return (
                self.by_code.get(text)
                or self.by_code.get(text.zfill(5))
                or self.by_code.get(text.zfill(6))
            )
        return self.by_key.get(municipality_key(text))

    def match(self, raw: str) -> int | None:
        """The municipality's pk for a text as people type it, or None. Never
        queries the database (an import may read its rows in another process)."""
        if raw in self._cache:
            return self._cache[raw]
        found = self._lookup(raw)
        split = (
            territory_text.province_split(raw, self.provinces)
            if found is None
            else None
        )
        if split:
            # "BARCELONA, Barcelona", "Granada (Granada)": the province decides
            # between namesakes, before the parts are tried one by one.
            name, province = split
            pks = {
                pk
                for pk in self.all_by_key.get(municipality_key(name), ())
                if self.codes[pk].startswith(province)
            }
            found = pks.pop() if len(pks) == 1 else None
        if found is None:
            # "08380 Malgrat de Mar", "Tiana (Barcelona)", "El Bedorc (Piera)",
            # "Ventalló. Alt Empordà": the name without extras, then what is inside.
            base = _POSTCODE_PREFIX.sub(" ", raw).strip()
            inside = _PAREN.findall(base)
            without = _PAREN.sub(" ", base).strip()
            candidates = [base, without, *inside, without.split(".")[0]]
            for candidate in candidates:
                found = self._lookup(candidate)
                if found is not None:
                    break
        if found is None and re.search(r",| i | y |/", raw):
            # "Talló, Bellver de Cerdanya": a village then its municipality. Only
            # when exactly one part is a municipality ("Cardona, Manresa" is not one).
            parts = {self._lookup(part) for part in re.split(r",| i | y |/", raw)} - {
                None
            }
            if len(parts) == 1:
                found = parts.pop()
        if found is None and len(raw.strip()) >= CUT_NAME_LENGTH:
            # Cut by the source at 40 characters: the one name it begins.
            key = municipality_key(raw)
            starts = {pk for k, pk in self.by_key.items() if pk and k.startswith(key)}
            if len(starts) == 1:
                found = starts.pop()
        self._cache[raw] = found
        return found


class ConceptIndex:
    """Concepts of the entity schemes, by code, URI, ESSGlobal URI, label."""

    #: The index the mapping page's previews share (`kept`).
    _kept = None

    @classmethod
    def kept(cls) -> ConceptIndex:
        """An index for the mapping page's preview, kept while the register's
        stamp is the same (every write to a concept or a scheme changes it),
        and while the concepts' rows are, once it has changed."""
        from ..selectors import KeptInProcess

        if cls._kept is None:
            cls._kept = KeptInProcess(cls._rows, lambda rows: cls(rows=rows))
        return cls._kept.get()

    @staticmethod
    def _rows() -> tuple:
        from teixit.vocabulary.models import Concept

        return tuple(
            Concept.objects.filter(
                scheme__code__in=["legal-forms", "sectors", "sse-principles"]
            ).values_list(
                "pk",
                "scheme__code",
                "code",
                "uri",
                "essglobal_uri",
                "label_ca",
                "label_es",
                "label_en",
            )
        )

    def __init__(self, *, rows: tuple | None = None) -> None:
        """`rows`: `_rows()` already read."""
        self.by_scheme: dict[str, dict[str, int]] = {}
        if rows is None:
            rows = self._rows()
        for pk, scheme, code, uri, essglobal, *labels in rows:
            index = self.by_scheme.setdefault(scheme, {})
            for value in (code, uri, essglobal, *labels):
                if value:
                    index.setdefault(self.key(value), pk)
            for value in (uri, essglobal):
                if value:
                    index.setdefault(self.key(value.rstrip("/").rsplit("/", 1)[-1]), pk)

    @staticmethod
    def key(value: str) -> str:
        return normalise_name(value) or value.strip().lower()

    def match(self, scheme: str, value: str) -> int | None:
        index = self.by_scheme.get(scheme, {})
        found = index.get(self.key(value))
        if found is None and "/" in value:
            found = index.get(self.key(value.rstrip("/").rsplit("/", 1)[-1]))
        return found
