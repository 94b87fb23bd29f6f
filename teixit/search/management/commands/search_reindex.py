from django.core.management.base import BaseCommand

from teixit.search.registry import providers
from teixit.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every app's search provider."

    def add_arguments(self, parser):
        parser.add_argument("types", nargs="*", help="Only these types (default: all).")

    def handle(self, *args, types=None, **options):
        unknown = set(types or []) - set(providers())
        if unknown:
            self.stderr.write(
                f"Unknown types: {', '.join(sorted(unknown))}; known: {', '.join(providers())}"
            )
            return
        counts = search_reindex(types=types or None)
        for code, count in counts.items():
            self.stdout.write(f"{code}: {count} documents")
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {sum(counts.values())} documents.")
        )
