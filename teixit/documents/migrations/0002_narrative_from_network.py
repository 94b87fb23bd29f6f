"""The network's narrative, until now one admin field (Network.description),
becomes version 1 of the "Our narrative" document, approved and public."""

from django.db import migrations
from django.utils import timezone

APPROVERS = ["executive_commission", "assembly", "promoter_commission", "technical_commission"]


def _body(Body, kinds):
    for kind in kinds:
        body = Body.objects.filter(kind=kind).order_by("order", "pk").first()
        if body:
            return body
    return Body.objects.order_by("order", "pk").first()


def forwards(apps, schema_editor):
    Network = apps.get_model("network", "Network")
    Body = apps.get_model("network", "Body")
    Document = apps.get_model("documents", "Document")
    Version = apps.get_model("documents", "Version")
    StageChange = apps.get_model("documents", "StageChange")
    network = Network.objects.exclude(description="").order_by("pk").first()
    if network is None or Document.objects.filter(kind="narrative").exists():
        return
    approver = _body(Body, APPROVERS)
    if approver is None:
        approver = Body.objects.create(
            name="Comissió executiva", slug="comissio-executiva", kind="executive_commission"
        )
    editor = _body(Body, ["technical_commission", "promoter_commission"])
    language = (network.languages or "ca").split(",")[0].strip() or "ca"
    now = timezone.now()
    document = Document.objects.create(
        title="El nostre relat" if language == "ca" else "Our narrative",
        slug="el-nostre-relat",
        kind="narrative",
        language=language,
        text=network.description,
        stage="published",
        is_public=True,
        approving_body=approver,
        editing_body=editor,
        published_at=now,
        created_at=now,
        updated_at=now,
    )
    approved_on = network.updated_at.date() if network.updated_at else now.date()
    Version.objects.create(
        document=document,
        number=1,
        title=document.title,
        text=network.description,
        approved_by_body=approver,
        approved_on=approved_on,
    )
    for stage in ("approved", "published"):
        StageChange.objects.create(document=document, round=1, stage=stage, at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("network", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
