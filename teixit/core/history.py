"""django-simple-history's `Model.history`, its manager class built once.

`simple_history.manager.HistoryDescriptor.__get__` builds a new manager class
on every access (`HistoryManager.from_queryset(HistoricalQuerySet)`, which
walks the query set class with `inspect.getmembers`: about a fifth of a
millisecond), and every history page of the admin and every save of a model
with history (the new historical record) reads `Model.history`. The class
depends only on the two classes the descriptor holds, so it is built once per
pair here (as Django builds a model's managers once); the manager returned is
a new instance for each access, as before, with the same model and instance.
`patch_history_descriptor()` is called from `CoreConfig.ready()`.
"""

from __future__ import annotations

from simple_history.manager import HistoryDescriptor

#: (manager class, query set class) -> the manager class built from them.
_manager_classes: dict[tuple[type, type], type] = {}


def _get(self, instance, owner):
    pair = (self.manager_class, self.queryset_class)
    manager_class = _manager_classes.get(pair)
    if manager_class is None:
        manager_class = _manager_classes[pair] = self.manager_class.from_queryset(
            self.queryset_class
        )
    return manager_class(self.model, instance)


def patch_history_descriptor() -> None:
    HistoryDescriptor.__get__ = _get
