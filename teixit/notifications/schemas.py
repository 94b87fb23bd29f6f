from datetime import datetime

from ninja import Schema

from teixit.core.api import absolute_url


class NotificationOut(Schema):
    id: int
    verb: str
    kind: str
    text: str
    actor: str
    target_type: str | None
    target_id: int | None
    target_title: str
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_name

    @staticmethod
    def resolve_target_type(obj) -> str | None:
        if obj.target_type_id is None:
            return None
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_id(obj.target_type_id)
        return f"{content_type.app_label}.{content_type.model}"

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.url) if obj.url else ""
