"""Admin base class: change history (django-simple-history) and object-level
permissions from the rules registry, the same rules the pages and API use."""

from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin


class TeixitModelAdmin(ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    """Use for every domain model: history is visible, permissions come from rules."""

    list_per_page = 50
