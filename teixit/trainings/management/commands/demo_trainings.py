"""Demo trainings for `make run` (idempotent: does nothing when trainings exist)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from teixit.network.models import Member
from teixit.trainings.demo import demo_themes
from teixit.trainings.models import Training
from teixit.trainings.services import SessionData, training_publish, training_save

DEMO = [
    {
        "title": "Introducció a l'economia social i solidària per a personal municipal",
        "member": "barcelona",
        "place": "Sala d'actes, Pl. Sant Jaume 1, Barcelona",
        "seats": 25,
        "days": 14,
        "sessions": 2,
        "themes": ["mercat-social"],
        "description": "Què és l'ESS, qui la fa i com la pot impulsar un ajuntament.",
    },
    {
        "title": "Clàusules socials en la contractació pública",
        "member": "sabadell",
        "online_url": "https://meet.example.org/clausules-socials",
        "seats": 1,
        "days": 30,
        "sessions": 1,
        "themes": ["contractacio-publica"],
        "description": "Taller pràctic per redactar clàusules socials i ambientals.",
    },
    {
        "title": "Acompanyament a projectes cooperatius (edició passada)",
        "member": "badalona",
        "place": "Ateneu cooperatiu, Badalona",
        "seats": 20,
        "days": -60,
        "sessions": 3,
        "themes": ["emprenedoria"],
        "description": "Com acompanyar projectes col·lectius des de la idea fins a la constitució.",
    },
]


class Command(BaseCommand):
    help = "Create demo trainings (skipped when there are trainings already)."

    def handle(self, *args, **options):
        if Training.objects.exists():
            return
        themes = demo_themes()
        author = get_user_model().objects.filter(email="tecnica@teixit.local").first()
        base = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
        for item in DEMO:
            member = Member.objects.filter(slug=item["member"]).first()
            if member is None:
                continue
            training = Training(
                title=item["title"],
                description=item["description"],
                member=member,
                place=item.get("place", ""),
                online_url=item.get("online_url", ""),
                seats=item["seats"],
                language="ca",
                audience="Personal tècnic municipal",
                created_by=author,
            )
            start = base + timedelta(days=item["days"])
            sessions = [
                SessionData(
                    starts_at=start + timedelta(days=7 * n),
                    ends_at=start + timedelta(days=7 * n, hours=3),
                )
                for n in range(item["sessions"])
            ]
            training_save(
                training=training, themes=[t for t in themes if t.code in item["themes"]] or themes[:1],
                sessions=sessions, by=author,
            )  # fmt: skip
            training_publish(training=training)
