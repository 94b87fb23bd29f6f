"""manage.py export_entities --format csv|geojson|jsonld [--output FILE] [filters]"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from teixit.entities.exporting import EXPORTERS, licence
from teixit.entities.selectors import FILTER_PARAMS, EntityFilters, entity_list_public


class Command(BaseCommand):
    help = (
        "Export the published SSE entities (public fields only) as open data, streamed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="csv")
        parser.add_argument(
            "--output", "-o", help="File to write (default: standard output)."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help=(
                "Prefix for entity URLs, e.g. https://teixit.example.org "
                "(default: the TEIXIT_PUBLIC_BASE_URL setting; required for jsonld)"
            ),
        )
        for param in FILTER_PARAMS.values():
            parser.add_argument(
                f"--{param.replace('_', '-')}",
                dest=f"filter_{param}",
                action="append",
                default=[],
            )

    def handle(self, *args, **options):
        query = {param: options[f"filter_{param}"] for param in FILTER_PARAMS.values()}
        query["q"] = " ".join(query["q"])
        filters = EntityFilters.from_query(query)
        qs = entity_list_public(filters)
        base_url = options["base_url"] or settings.TEIXIT_PUBLIC_BASE_URL
        if options["format"] == "jsonld" and not base_url:
            raise CommandError(
                "JSON-LD identifiers are absolute: give --base-url or set "
                "TEIXIT_PUBLIC_BASE_URL."
            )
        chunks = EXPORTERS[options["format"]](qs, base_url=base_url.rstrip("/"))
        lic = licence()
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
            sys.stderr.write(
                f"Written {options['output']} under {lic['name']} ({lic['url']}).\n"
            )
        else:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
