"""Demo documents written together; idempotent: the narrative as a draft in
consultation with two amendments, the ethical code approved as v1."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from teixit.documents import services
from teixit.documents.models import Document
from teixit.network.models import Body, Network, Technician

NARRATIVE = """Som una xarxa de municipis que impulsa l'economia social i solidària.

Venim de la trobada de 2016, quan uns quants ajuntaments van decidir compartir el que feien.

Volem que cada municipi tingui una política pública d'ESS pròpia i avaluada."""

ETHICAL_CODE = """La xarxa actua amb transparència: publica els seus acords i comptes.

Els municipis membres cooperen i comparteixen recursos i coneixement.

La xarxa promou la igualtat de gènere i la sostenibilitat ambiental en tot el que fa."""


def _body(kind):
    return Body.objects.filter(kind=kind).order_by("order", "pk").first()


class Command(BaseCommand):
    help = "Create the demo documents written together (skipped when they exist)."

    @transaction.atomic
    def handle(self, *args, **options):
        executive = _body("executive_commission") or Body.objects.first()
        technical = _body("technical_commission")
        if executive is None:
            return
        technician = Technician.objects.select_related("user").first()
        author = technician.user if technician else None
        narrative = Document.objects.filter(kind=Document.Kind.NARRATIVE).first()
        if narrative is None:
            network = Network.objects.first()
            narrative = services.document_create(
                created_by=None,
                title="El nostre relat",
                slug="el-nostre-relat",
                kind=Document.Kind.NARRATIVE,
                language="ca",
                summary="Qui som, d'on venim i on volem anar.",
                text=NARRATIVE
                if network is None or not network.description
                else network.description,
                approving_body=executive,
                editing_body=technical,
                is_public=True,
            )
        if narrative.stage in (Document.Stage.APPROVED, Document.Stage.PUBLISHED):
            services.document_reopen(document=narrative, user=None)
        if narrative.stage == Document.Stage.DRAFT:
            if len(narrative.paragraphs) < 3:
                narrative.text = NARRATIVE
                narrative.save(update_fields=["text", "updated_at"])
            services.document_open_consultation(document=narrative, user=None)
        if (
            narrative.stage == Document.Stage.CONSULTATION
            and not narrative.amendments.filter(round=narrative.round).exists()
        ):
            services.amendment_propose(
                document=narrative,
                user=author,
                paragraph=1,
                kind="replace",
                text="Som una xarxa de municipis i comarques que impulsa l'economia social i solidària.",
                reason="Els consells comarcals també en formen part.",
            )
            services.amendment_propose(
                document=narrative,
                user=author,
                paragraph=2,
                kind="add",
                text="Des de llavors hem crescut fins a més de trenta membres.",
                reason="Cal dir com hem crescut.",
            )
        if not Document.objects.filter(slug="codi-etic").exists():
            code = services.document_create(
                created_by=None,
                title="Codi ètic",
                slug="codi-etic",
                kind=Document.Kind.ETHICAL_CODE,
                language="ca",
                summary="Els principis i valors de la xarxa.",
                text=ETHICAL_CODE,
                approving_body=executive,
                editing_body=technical,
                is_public=True,
            )
            services.document_import_version(
                document=code, text=ETHICAL_CODE, approved_on=dt.date(2019, 6, 14)
            )
            services.document_publish(document=code, user=None)
