"""Demo directory for `make run`: the demo network's institutions as public
entries, the network's own entry (linking the register's open data), other
networks in Spain and abroad, a course and the SSE service of a non-member
municipality. Skipped when the directory has entries already."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from teixit.directory.models import DirectoryEntry
from teixit.network.models import Institution, Network

KINDS = {
    "federation": DirectoryEntry.Kind.FEDERATION,
    "ateneu": DirectoryEntry.Kind.ATENEU,
    "network": DirectoryEntry.Kind.NETWORK,
}
OTHERS = [
    ("REAS Red de Redes de Economía Alternativa y Solidaria", "network", "spain", "https://www.reasred.org/",
     "Xarxa estatal de xarxes territorials i sectorials d'economia solidària."),
    ("RIPESS Europe", "network", "abroad", "https://www.ripess.eu/",
     "Xarxa intercontinental de promoció de l'economia social i solidària, capítol europeu."),
    ("Aracoop: formació en economia cooperativa", "course", "catalonia", "https://aracoop.coop/",
     "Programa públic de formació i acompanyament a l'economia social i cooperativa."),
    ("Servei d'economia social de l'Ajuntament de Manlleu", "municipal_service", "local", "",
     "Punt d'informació i acompanyament a projectes cooperatius (municipi no membre de la xarxa)."),
]  # fmt: skip


class Command(BaseCommand):
    help = "Create the demo directory (skipped when it has entries already)."

    @transaction.atomic
    def handle(self, *args, **options):
        if DirectoryEntry.objects.exists():
            return
        reviewer = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()  # fmt: skip
        now = timezone.now()
        common = {"status": DirectoryEntry.Status.PUBLISHED, "reviewed_by": reviewer, "reviewed_at": now}  # fmt: skip
        network = Network.objects.order_by("pk").first()
        if network is not None:
            DirectoryEntry.objects.create(
                name=network.name, slug=slugify(network.short_name or network.name),
                kind=DirectoryEntry.Kind.NETWORK, scope=DirectoryEntry.Scope.CATALONIA,
                description=network.description, website=network.website,
                is_this_network=True, **common,
            )  # fmt: skip
        for institution in Institution.objects.filter(kind__in=KINDS):
            DirectoryEntry.objects.create(
                name=institution.name, slug=slugify(institution.name)[:200],
                kind=KINDS[institution.kind], scope=DirectoryEntry.Scope.CATALONIA,
                website=institution.website, email=institution.email,
                institution=institution, **common,
            )  # fmt: skip
        for name, kind, scope, website, description in OTHERS:
            DirectoryEntry.objects.create(
                name=name, slug=slugify(name)[:200], kind=kind, scope=scope,
                website=website, description=description, **common,
            )  # fmt: skip
