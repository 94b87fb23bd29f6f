from django.core.management.base import BaseCommand

from teixit.practices.demo import demo_knowledge_bank_load


class Command(BaseCommand):
    help = (
        "Load demo practices (one failure with its lessons) and materials (idempotent)."
    )

    def handle(self, *args, **options):
        created = demo_knowledge_bank_load()
        self.stdout.write(
            f"{created['practices']} practices and {created['materials']} materials added."
        )
