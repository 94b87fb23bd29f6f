"""Events in the one search (see teixit.search.documents): public events
only, whatever their date (held ones stay findable with their minutes)."""

from django.utils.translation import gettext_lazy as _

from teixit.search.documents import SearchDoc

from .models import Event

TYPE = "event"
TYPE_LABEL = _("Events")
MODELS = [Event]


def document_for(obj: Event) -> SearchDoc | None:
    if obj.status not in (Event.Status.PUBLISHED, Event.Status.HELD):
        return None
    if obj.audience != Event.Audience.PUBLIC:
        return None
    themes = list(obj.themes.all())
    parts = [obj.description, obj.organiser, obj.place, obj.minutes]
    parts += [
        " ".join(filter(None, [t.label_ca, t.label_es, t.label_en])) for t in themes
    ]
    return SearchDoc(
        type=TYPE,
        object_id=obj.pk,
        title=obj.title,
        body="\n".join(p for p in parts if p),
        url=obj.get_absolute_url(),
        visibility="public",
        language="",
        themes=[t.code for t in themes],
        territory_code=obj.municipality.code if obj.municipality_id else "",
        date=obj.local_start.date(),
    )


def all_objects():
    return (
        Event.objects.filter(
            status__in=[Event.Status.PUBLISHED, Event.Status.HELD],
            audience=Event.Audience.PUBLIC,
        )
        .select_related("municipality", "organiser_member", "organiser_institution")
        .prefetch_related("themes")
    )
