"""A demo wiki space with two linked pages; idempotent."""

from django.core.management.base import BaseCommand

from teixit.network.models import Technician
from teixit.wiki import services
from teixit.wiki.models import WikiSpace


class Command(BaseCommand):
    help = "Create the demo wiki space and pages (skipped when they exist)."

    def handle(self, *args, **options):
        space, created = WikiSpace.objects.get_or_create(
            slug="xarxa",
            defaults={"name": "Wiki de la xarxa", "kind": WikiSpace.Kind.NETWORK},
        )
        if not created or space.pages.exists():
            return
        technician = Technician.objects.select_related("user").first()
        author = technician.user if technician else None
        services.page_save(
            space=space,
            user=author,
            title="Benvinguda",
            text="Aquest és el wiki de la xarxa. Vegeu [[Experiències]] i [[Contactes]].",
            base_revision=0,
        )
        services.page_save(
            space=space,
            user=author,
            title="Experiències",
            text="Compartiu aquí les experiències dels municipis.",
            base_revision=0,
        )
