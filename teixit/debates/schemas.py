from datetime import datetime

from ninja import Schema

from teixit.core.api import absolute_url


class SpaceOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    visibility: str


class DebateListOut(Schema):
    id: int
    title: str
    space: SpaceOut
    status: str
    author: str
    attached_to: str
    reply_count: int
    created_at: datetime
    last_activity_at: datetime
    url: str

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.get_full_name() if obj.author_id else ""

    @staticmethod
    def resolve_attached_to(obj) -> str:
        return obj.target_title

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class ReplyOut(Schema):
    id: int
    parent_id: int | None
    quote_id: int | None
    author: str
    body: str
    hidden: bool
    hidden_reason: str
    edited: bool
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.get_full_name() if obj.author_id else ""

    @staticmethod
    def resolve_body(obj) -> str:
        return "" if obj.is_hidden else obj.body

    @staticmethod
    def resolve_hidden(obj) -> bool:
        return obj.is_hidden

    @staticmethod
    def resolve_edited(obj) -> bool:
        return obj.edited_at is not None


class DebateOut(DebateListOut):
    body: str
    conclusions: str
    closed_at: datetime | None
    agreements: list[int]
    replies: list[ReplyOut]

    @staticmethod
    def resolve_agreements(obj) -> list[int]:
        return [action.pk for action in obj.agreements.all()]

    @staticmethod
    def resolve_replies(obj) -> list:
        return list(obj.replies.all())
