"""A class-based view that does not hold itself in a reference cycle.

Django's `View.setup` answers HEAD with GET by storing the bound method on
the view (`self.head = self.get`): the view then holds itself, and with it
the request and everything the view read, until Python's collector finds
them — on every request to a class-based view without its own `head`. The
young-generation collections that free such garbage (~10 ms each) land in
whichever request comes then (bench/README.md, "The request without
reference cycles").

`install()` gives `View` a `head` read from `get` when the class has one,
so `setup` finds it and stores nothing: HEAD is still answered by `get`,
OPTIONS still lists it, a view's own `head` still wins, and a class without
`get` still has no `head`.
"""

from django.views.generic import View


class HeadFromGet:
    """`view.head` is `view.get` (and `cls.head` is `cls.get`) when there is one."""

    def __get__(self, instance, owner=None):
        target = instance if instance is not None else owner
        try:
            return target.get
        except AttributeError:
            raise AttributeError("head") from None


def install() -> bool:
    """`HeadFromGet` on Django's `View`, once (nothing when `View` has a
    `head` already: ours, or a Django's own)."""
    if "head" in View.__dict__:
        return False
    View.head = HeadFromGet()
    return True
