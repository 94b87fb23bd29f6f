"""Two demo news items; idempotent."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from teixit.news.models import NewsItem

ITEMS = [
    (
        "la-xarxa-aprova-el-codi-etic",
        "La xarxa aprova el seu codi ètic",
        "La comissió executiva ha aprovat la primera versió del codi ètic de la xarxa.",
        "Després d'una consulta oberta als membres, el **codi ètic** ja és públic.",
    ),
    (
        "obrim-la-consulta-del-relat",
        "Obrim la consulta sobre el relat de la xarxa",
        "Els membres poden proposar esmenes al relat: qui som, d'on venim i on anem.",
        "Fins a final de mes es poden proposar esmenes paràgraf a paràgraf.",
    ),
]


class Command(BaseCommand):
    help = "Create two demo news items (skipped when they exist)."

    def handle(self, *args, **options):
        for slug, title, summary, body in ITEMS:
            NewsItem.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "summary": summary,
                    "body": body,
                    "language": "ca",
                    "status": NewsItem.Status.PUBLISHED,
                    "published_at": timezone.now(),
                },
            )
