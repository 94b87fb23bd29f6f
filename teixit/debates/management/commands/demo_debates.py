"""Debate spaces for the demo site; idempotent."""

from django.core.management.base import BaseCommand

from teixit.debates.models import Space
from teixit.network.models import Body

SPACES = [
    (
        "xarxa",
        "Debats de la xarxa",
        Space.Kind.NETWORK,
        Space.Visibility.MEMBERS,
        "Models de servei municipal d'ESS, diagnosis i necessitats detectades.",
    ),
    (
        "debat-public",
        "Debat obert",
        Space.Kind.NETWORK,
        Space.Visibility.PUBLIC,
        "Propostes i preguntes obertes a tothom.",
    ),
]


class Command(BaseCommand):
    help = "Create the demo debate spaces (skipped when they exist)."

    def handle(self, *args, **options):
        for slug, name, kind, visibility, description in SPACES:
            Space.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "visibility": visibility,
                    "description": description,
                },
            )
        commission = Body.objects.filter(kind="technical_commission").first()
        if commission is not None:
            Space.objects.get_or_create(
                slug="comissio-tecnica",
                defaults={
                    "name": commission.name,
                    "kind": Space.Kind.COMMISSION,
                    "visibility": Space.Visibility.BODY,
                    "body": commission,
                },
            )
