"""A demo expert profile (with consent) for `make run`; idempotent."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from teixit.experts.models import ExpertProfile
from teixit.experts.services import expert_profile_save
from teixit.network.models import Member
from teixit.trainings.demo import demo_themes


class Command(BaseCommand):
    help = "Create a demo expert profile with consent (skipped when profiles exist)."

    def handle(self, *args, **options):
        if ExpertProfile.objects.exists():
            return
        user = get_user_model().objects.filter(email="comissio@teixit.local").first()
        if user is None:
            return
        themes = demo_themes()
        profile = ExpertProfile(
            user=user,
            member=Member.objects.filter(slug="sabadell").first(),
            headline="Tècnic de promoció econòmica, especialista en compra pública",
            bio="Deu anys acompanyant ajuntaments a introduir clàusules socials en els contractes.",
            languages=["ca", "es"],
            takes_consultations=True,
        )
        expert_profile_save(
            profile=profile,
            areas=[
                t
                for t in themes
                if t.code in ("contractacio-publica", "politiques-publiques")
            ]
            or themes[:2],
            consent=True,
            by=user,
        )
