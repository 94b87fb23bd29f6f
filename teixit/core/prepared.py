"""Querysets whose SQL is compiled once and run again with other keys.

Building a query's SQL costs the ORM far more than a small indexed read takes
the database: resolving the joins of `select_related`, every column of every
model and the ordering (whose expressions Django compares through
`inspect.signature`) costs 0.2–0.8 ms a query on a quiet machine, against
~0.05 ms for SQLite to return one action's rows. A page that reads a dozen
such lists on every request (the plan's action page, bench/bench_forms.py)
spent a third of its time there. `prepared` keeps, per database, the SQL and
the row layout Django's compiler made for a queryset the first time, and
runs that SQL again with the new keys through the ORM's own iterable: the
same model instances, the same `select_related` objects, the same
prefetches (those compile as usual).

    steps_of = prepared(
        lambda action_id: WorkStep.objects.filter(action_id=action_id)
        .select_related("period")
        .order_by("order", "pk")
    )
    steps = steps_of(action.pk)  # a list of WorkStep, as list(queryset)

Rules for the queryset `build(*keys)` returns:
- its arguments are integers (primary keys) that reach the database as they
  are (`exact`/`in` lookups on keys); nothing else in it may change between
  calls: no `timezone.now()`, no person, no setting read inside `build`;
- it is iterated only (a list comes back): no `.first()`, `.exists()`,
  `.count()` or further filtering, which would compile a new query.

A build whose keys do not reach the SQL as they were given raises ValueError
the first time it runs (a programming error, caught by the first test).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.sql.query import Query

# Values that stand for the arguments while the query is compiled, to find
# where each lands among its parameters: unlikely as keys or constants, and
# within every integer column's range (Django drops a condition whose value
# its field could not hold, e.g. a negative one on a positive field).
_PROBE_BASE = 2_071_234_567

_BIGINT_MIN, _BIGINT_MAX = -(2**63), 2**63 - 1

# What Django's compiler works out while compiling and what iterating the
# results reads back from it (ModelIterable, ValuesIterable…).
_COMPILER_STATE = (
    "select",
    "klass_info",
    "annotation_col_map",
    "col_count",
    "has_extra_select",
)


class _Compiled:
    """One queryset's SQL on one database, with where each key goes."""

    def __init__(self, queryset: QuerySet, probes: tuple[int, ...]) -> None:
        self.queryset = queryset
        compiler = queryset.query.get_compiler(queryset.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.state = {name: getattr(compiler, name) for name in _COMPILER_STATE}
        self._converters = None
        # (position, argument, the parameter's type): PostgreSQL's backend
        # passes some integers typed (psycopg's Int8, an int), kept alike.
        self.slots: list[tuple[int, int, type]] = []
        found = set()
        for position, value in enumerate(self.params):
            if isinstance(value, int) and value in probes:
                index = probes.index(value)
                self.slots.append((position, index, type(value)))
                found.add(index)
        if len(found) != len(probes):
            raise ValueError(
                "prepared(): every argument must reach the SQL as it was given "
                f"(arguments {sorted(set(range(len(probes))) - found)} did not)."
            )

    def converters_for(self, compiler):
        """The compiler's `get_converters`, answering from the converters
        found the first time on the same connection (they are the columns'
        and the backend's, fixed with the SQL)."""
        found = self._converters
        if found is None or found[0] is not compiler.connection:
            found = self._converters = (compiler.connection, {})
        known = found[1]
        # The compiler held weakly: this function is one of its attributes (a
        # reference cycle would keep both for Python's collector).
        compiler_ref = weakref.ref(compiler)
        compute = type(compiler).get_converters

        def get_converters(expressions):
            key = tuple(map(id, expressions))
            if key not in known:
                known[key] = compute(compiler_ref(), expressions)
            return known[key]

        return get_converters

    def params_for(self, keys: tuple[int, ...]) -> list:
        params = list(self.params)
        for position, index, kind in self.slots:
            params[position] = keys[index] if kind is int else kind(keys[index])
        return params


class prepared:  # noqa: N801 - a function-like wrapper, named like one
    """`build(*keys)`'s queryset, compiled once per database; calling it
    returns `list(build(*keys))` without compiling the query again."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self.model = None
        self._compiled: dict[tuple, _Compiled] = {}

    def _compiled_for(self, arity: int) -> _Compiled:
        alias = router.db_for_read(self.model) if self.model is not None else None
        connection = connections[alias] if alias else None
        key = (
            (arity, alias, connection.vendor, connection.settings_dict["NAME"])
            if connection
            else None
        )
        compiled = self._compiled.get(key)
        if compiled is None:
            probes = tuple(_PROBE_BASE + i for i in range(arity))
            queryset = self.build(*probes)
            self.model = queryset.model
            connection = connections[queryset.db]
            key = (
                arity,
                queryset.db,
                connection.vendor,
                connection.settings_dict["NAME"],
            )
            compiled = self._compiled[key] = _Compiled(queryset, probes)
        return compiled

    def __call__(self, *keys: int) -> list[Any]:
        keys = tuple(int(key) for key in keys)
        if any(not _BIGINT_MIN <= key <= _BIGINT_MAX for key in keys):
            # A key no column holds (an address's /99999999999999999999/):
            # the ORM's own answer (it finds nothing where a driver would
            # refuse the number).
            return list(self.build(*keys))
        compiled = self._compiled_for(len(keys))
        queryset = compiled.queryset._chain()
        query = queryset.query
        params = compiled.params_for(keys)

        def get_compiler(using=None, connection=None, elide_empty=True):
            compiler = Query.get_compiler(query, using, connection, elide_empty)
            compiler.__dict__.update(compiled.state)
            compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
            compiler.get_converters = compiled.converters_for(compiler)
            return compiler

        # This clone is iterated once, here, and never chained again.
        query.get_compiler = get_compiler
        try:
            return list(queryset)
        finally:
            del query.get_compiler  # the function holds the query: no cycle left


class prepared_count:  # noqa: N801 - a function-like wrapper, named like one
    """`build(*keys).count()` with the statement compiled once: the ids of
    `build(*keys)` compiled as `prepared` compiles a queryset, counted by the
    database (`SELECT COUNT(*) FROM (…)`). For the counts a page shows on
    every visit (the home page's pending work). The rules of `prepared`
    hold for `build`."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self._ids = prepared(lambda *keys: build(*keys).order_by().values_list("pk"))

    def __call__(self, *keys: int) -> int:
        keys = tuple(int(key) for key in keys)
        if any(not _BIGINT_MIN <= key <= _BIGINT_MAX for key in keys):
            return self.build(*keys).count()
        try:
            compiled = self._ids._compiled_for(len(keys))
        except EmptyResultSet:  # `pk__in=[]`: Django asks nothing
            return self.build(*keys).count()
        connection = connections[compiled.queryset.db]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM ({compiled.sql}) counted",
                compiled.params_for(keys),
            )
            return cursor.fetchone()[0]


def prefetched(instance, name: str, objects: list) -> None:
    """Keep `objects` as `instance`'s `name` relation, read already, as
    `prefetch_related` keeps it: `instance.name.all()` answers from them
    without a query. For lists read with `prepared` (one action's
    responsibilities, a progress update's evidence…)."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _related_of(model, name: str, pk: int) -> QuerySet:
    """The objects `model`'s relation `name` holds for the object `pk`, as a
    prefetch reads them (the related model's default manager, its ordering):
    a many-to-many field of the model or of the other side, or the other
    side's foreign key (to the primary key) seen from here."""
    field = model._meta.get_field(name)
    related = field.related_model
    manager = related._default_manager
    if field.many_to_many and field.concrete and field.remote_field.symmetrical:
        # to the model itself, both ways: the links stored from either side
        return manager.filter(**{f"{field.name}__pk": pk})
    if field.many_to_many and field.concrete:
        return manager.filter(**{f"{field.related_query_name()}__pk": pk})
    if field.many_to_many:
        return manager.filter(**{f"{field.field.name}__pk": pk})
    if field.one_to_many and field.field.target_field.primary_key:
        return manager.filter(**{field.field.attname: pk})
    raise ValueError(
        f"prepared_object(): {model.__name__}.{name} is not a many-to-many "
        "field or a reverse foreign key to the primary key."
    )


class prepared_object:  # noqa: N801 - a function-like wrapper, named like one
    """One object by its primary key, as

        model.objects.select_related(*select_related)
             .prefetch_related(*prefetch).filter(pk=pk).first()

    reads it (None when there is none), every query compiled once
    (`prepared`): the object's, then each relation's, attached as a prefetch
    attaches it (`prefetched`). For the page of one object, whose
    `prefetch_related` Django compiles again at every visit. `prefetch`
    names many-to-many fields (of either side) and reverse foreign keys."""

    def __init__(self, model, *, select_related=(), prefetch=()) -> None:
        self.model = model
        select_related = tuple(select_related)

        def build(pk):
            queryset = model._default_manager.filter(pk=pk)
            # (no names would be select_related(): every foreign key)
            return (
                queryset.select_related(*select_related) if select_related else queryset
            )

        self._object = prepared(build)
        self._related = {
            name: prepared(lambda pk, name=name: _related_of(model, name, pk))
            for name in prefetch
        }

    def __call__(self, pk: int):
        found = self._object(pk)
        if not found:
            return None
        obj = found[0]
        for name, read in self._related.items():
            prefetched(obj, name, read(obj.pk))
        return obj

    def get(self, pk: int):
        """The object, as `__call__` reads it, or the model's DoesNotExist
        (as `QuerySet.get`) when there is none."""
        obj = self(pk)
        if obj is None:
            raise self.model.DoesNotExist(f"No {self.model.__name__} {pk}.")
        return obj
