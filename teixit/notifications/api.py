"""A person's own notifications as JSON (`Authorization: Bearer <token>`)."""

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from teixit.accounts.api_auth import token_or_session
from teixit.core.api import ERROR_RESPONSES, Pagination

from . import selectors
from .schemas import NotificationOut

router = Router(tags=["notifications"])


class NotificationFilters(Schema):
    unread: bool | None = None


@router.get(
    "/notifications/",
    response={200: list[NotificationOut], **ERROR_RESPONSES},
    operation_id="notifications_list",
    summary="The notifications of the token's owner, newest first",
    auth=token_or_session,
)
@paginate(Pagination)
def list_notifications(request, filters: Query[NotificationFilters]):
    qs = selectors.notification_list_for_user(request.auth)
    if filters.unread:
        qs = qs.filter(read_at__isnull=True)
    return qs
