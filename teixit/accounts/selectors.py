from django.utils import timezone

from .models import User


def user_affiliations(*, user: User) -> dict:
    """The bodies and members a person currently belongs to."""
    from teixit.network.models import BodyMembership, Technician

    today = timezone.localdate()
    return {
        "bodies": list(
            BodyMembership.objects.current(today)
            .filter(user=user)
            .select_related("body", "member")
        ),
        "members": list(
            Technician.objects.current(today).filter(user=user).select_related("member")
        ),
    }
