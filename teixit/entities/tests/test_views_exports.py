import csv
import io
import json
import time
from http import HTTPStatus

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from teixit.entities.models import Entity, ImportBatch, SavedMapping

from .factories import EntityFactory

pytestmark = pytest.mark.django_db


def _proposal(places, **extra):
    data = {
        "name": "Horts Comunitaris",
        "municipality": places["bcn"].pk,
        "proposer_name": "Marta",
        "proposer_email": "marta@example.org",
        "postcode": "8001",
        "homepage": "",
        "started": signing.dumps(time.time() - 60, salt="teixit.entities.proposal"),
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_public_proposal_waits_as_proposed(client_for, places):
    page = client_for().get(reverse("entities:propose"))
    assert page.status_code == HTTPStatus.OK and b'name="homepage"' in page.content
    response = client_for().post(reverse("entities:propose"), _proposal(places))
    assert response.status_code == HTTPStatus.FOUND
    entity = Entity.objects.get()
    assert entity.status == Entity.Status.PROPOSED and entity.postcode == "08001"
    assert entity.proposer_email == "marta@example.org"


@pytest.mark.parametrize(
    "extra",
    [{"homepage": "http://spam.example"}, {"started": "forged"}, {"started": "now"}],
)
def test_proposal_spam_protection(client_for, places, extra):
    if extra.get("started") == "now":  # sent faster than a person can fill the form
        extra = {"started": signing.dumps(time.time(), salt="teixit.entities.proposal")}
    response = client_for().post(
        reverse("entities:propose"), _proposal(places, **extra)
    )
    assert response.status_code == HTTPStatus.OK
    assert Entity.objects.count() == 0
    assert "Horts Comunitaris" in response.content.decode()  # nothing typed is lost


def test_proposal_rate_limit_per_ip(client_for, places, settings):
    settings.TEIXIT_ENTITIES_PROPOSALS_PER_HOUR = 2
    client = client_for()
    for n in range(2):
        assert (
            client.post(
                reverse("entities:propose"), _proposal(places, name=f"P{n}")
            ).status_code
            == HTTPStatus.FOUND
        )
    assert (
        client.post(
            reverse("entities:propose"), _proposal(places, name="P3")
        ).status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )
    assert Entity.objects.count() == 2


def test_create_page_shows_duplicates_before_saving(
    client_for, secretariat_user, places
):
    EntityFactory(name="Esparver SCCL", municipality=places["bcn"])
    client = client_for(secretariat_user)
    data = {
        "name": "L'Esparver",
        "municipality": places["bcn"].pk,
        "website_public": "on",
    }
    first = client.post(reverse("entities:create"), data)
    assert first.status_code == HTTPStatus.OK and b"Esparver SCCL" in first.content
    assert Entity.objects.count() == 1
    second = client.post(
        reverse("entities:create"), {**data, "confirm_not_duplicate": "on"}
    )
    assert second.status_code == HTTPStatus.FOUND
    assert Entity.objects.count() == 2


def test_import_page_upload_mapping_task_and_report(
    client_for, secretariat_user, places
):
    client = client_for(secretariat_user)
    upload = SimpleUploadedFile(
        "llista.csv", "nom;poble\nCoop U;Barcelona\nCoop V;Mordor\n".encode("cp1252")
    )
    response = client.post(
        reverse("entities:import_list"), {"file": upload, "source_name": "llista"}
    )
    batch = ImportBatch.objects.get()
    assert response.url == reverse("entities:import_mapping", args=[batch.pk])
    page = client.get(response.url)
    assert b"poble" in page.content
    mapping = {"col_name": "nom", "col_municipality": "poble", "save_as": "poble-map"}
    result = client.post(response.url, mapping)  # the task runs at once in tests
    batch.refresh_from_db()
    assert result.url == batch.get_absolute_url()
    assert batch.status == ImportBatch.Status.REFUSED
    assert SavedMapping.objects.get().mapping["columns"] == {
        "name": "nom",
        "municipality": "poble",
    }
    report = client.get(batch.get_absolute_url())
    assert "Mordor" in report.content.decode()
    fragment = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content
    rerun = client.post(
        reverse("entities:import_rerun", args=[batch.pk]), {"valid_only": "1"}
    )
    assert rerun.status_code == HTTPStatus.FOUND
    assert list(Entity.objects.values_list("name", flat=True)) == ["Coop U"]
    assert Entity.objects.get().source_batch.valid_only


def _published_set(places, vocabulary):
    a = EntityFactory(
        name="Coop, \"Quoted\"", municipality=places["bcn"], legal_form=vocabulary["coop"], latitude=41.4, longitude=2.1,
        location_approximate=False, email="hidden@example.org", email_public=False, phone="930000000", phone_public=True,
        website="https://a.example.org", tax_id="12345678Z", proposer_email="proposer@example.org",
    )  # fmt: skip
    a.sectors.add(vocabulary["food"])
    a.criteria.add(vocabulary["democracy"])
    EntityFactory(name="Other", municipality=places["torello"], tax_id="B12345674")
    EntityFactory(
        name="Hidden", municipality=places["bcn"], status=Entity.Status.PROPOSED
    )
    return a


def test_export_csv_public_fields_only_with_licence(client_for, places, vocabulary):
    _published_set(places, vocabulary)
    response = client_for().get(reverse("entities:export"), {"format": "csv"})
    assert response.status_code == HTTPStatus.OK and response.streaming
    text = b"".join(response.streaming_content).decode()
    for secret in ("hidden@example.org", "proposer@example.org", "12345678Z", "Hidden"):
        assert secret not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == ['Coop, "Quoted"', "Other"]
    assert rows[0]["sectors"] == "food" and rows[0]["phone"] == "930000000"
    assert rows[1]["tax_id"] == "B12345674"  # legal persons' tax IDs are public
    assert "CC BY 4.0" in rows[0]["licence"]
    assert "license" in response["Link"]


def test_export_geojson_is_valid_and_filtered(client_for, places, vocabulary):
    _published_set(places, vocabulary)
    response = client_for().get(
        reverse("entities:export"), {"format": "geojson", "sector": "food"}
    )
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection" and data["licence"]
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [2.1, 41.4]}
    assert feature["properties"]["email"] == "" and feature["properties"][
        "sectors"
    ] == ["food"]


def test_export_jsonld_is_schema_org_with_essglobal(client_for, places, vocabulary):
    _published_set(places, vocabulary)
    response = client_for().get(reverse("entities:export"), {"format": "jsonld"})
    data = json.loads(b"".join(response.streaming_content))
    assert data["@context"]["@vocab"] == "https://schema.org/"
    assert data["@context"]["essglobal"] == "http://purl.org/essglobal/vocab/"
    dataset, *orgs = data["@graph"]
    assert dataset["@type"] == "Dataset" and dataset["license"].startswith(
        "https://creativecommons.org"
    )
    assert len(orgs) == 2
    org = orgs[0]
    assert "Organization" in org["@type"] and "essglobal:SSEInitiative" in org["@type"]
    assert org["legalForm"].endswith("OS115")
    assert org["telephone"] == "930000000" and "email" not in org and "taxID" not in org
    assert org["geo"]["latitude"] == 41.4


def test_export_page_shows_counts_and_links(client_for, places, vocabulary):
    _published_set(places, vocabulary)
    page = client_for().get(reverse("entities:export"), {"municipality": "080193"})
    assert page.status_code == HTTPStatus.OK
    assert "format=geojson" in page.content.decode()


def test_export_command_writes_file(places, vocabulary, tmp_path):
    _published_set(places, vocabulary)
    out = tmp_path / "e.geojson"
    call_command(
        "export_entities",
        "--format",
        "geojson",
        "--output",
        str(out),
        "--municipality",
        "082852",
    )
    data = json.loads(out.read_text())
    assert [f["properties"]["name"] for f in data["features"]] == ["Other"]


def test_running_import_shows_its_progress_from_outside_its_transaction(
    client_for, secretariat_user, places, tmp_path, settings, monkeypatch
):
    """The batch row is updated inside the import's transaction (invisible to
    the page polling it): the worker also rewrites a small progress file, which
    the page reads while the batch runs, and removes at the end."""
    from django.core.files.base import ContentFile
    from django.utils import translation

    from teixit.entities import importing

    settings.MEDIA_ROOT = str(tmp_path)
    rows = "".join(f"{n},Coop {n},Barcelona\n" for n in range(5))
    batch = ImportBatch(
        source_name="llista",
        mapping={"columns": {"name": "nom", "municipality": "poble"}, "key": "id"},
        created_by=secretariat_user,
    )
    batch.file.save(
        "llista.csv", ContentFile(f"id,nom,poble\n{rows}".encode()), save=False
    )
    batch.save()
    client = client_for(secretariat_user)
    seen = []
    flush = importing.EntityImport._flush

    def flush_and_look(self, chunk):
        flush(self, chunk)
        running = ImportBatch.objects.get(pk=batch.pk)
        seen.append(importing.import_progress(running))
        with translation.override("en"):
            seen.append(client.get(batch.get_absolute_url()).content.decode())

    monkeypatch.setattr(importing.EntityImport, "_flush", flush_and_look)
    monkeypatch.setattr(importing.EntityImport, "_in_parallel", lambda self: False)
    monkeypatch.setattr(importing.run, "entities_import_chunk_size", lambda: 2)

    importing.import_batch_run(batch)

    # After each chunk of 2 (the callback runs after the chunk's write, before
    # the progress of that chunk is told): 0, then 2, then 4 rows read.
    assert [seen[i] for i in (0, 2, 4)] == [(0, 0), (2, 5), (4, 5)]
    assert "2 of about 5 rows read" in seen[3]
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.total_rows) == ("done", 5, 5)
    assert not list((tmp_path / "private" / "imports").glob("*.progress"))


def test_an_unexpected_error_fails_the_batch_with_a_message(
    secretariat_user, places, tmp_path, settings, monkeypatch
):
    from django.core.files.base import ContentFile
    from django.utils import translation

    from teixit.entities import importing

    settings.MEDIA_ROOT = str(tmp_path)
    batch = ImportBatch(
        source_name="llista",
        mapping={"columns": {"name": "nom", "municipality": "poble"}},
        created_by=secretariat_user,
    )
    batch.file.save("l.csv", ContentFile(b"nom,poble\nCoop,Barcelona\n"), save=False)
    batch.save()

    def broken(self, chunk):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing.EntityImport, "_flush", broken)
    with translation.override("en"), pytest.raises(RuntimeError):
        importing.import_batch_run(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "nothing was written" in batch.report["message"]
    assert not Entity.objects.exists()


def test_export_csv_neutralises_formulas_and_keeps_numbers(
    client_for, places, vocabulary
):
    EntityFactory(
        name='=HYPERLINK("https://evil.example","Coop")', municipality=places["bcn"],
        description="@SUM(A1:A9)", phone="+34 930 000 000", phone_public=True,
        address="-2+3", latitude=-0.5, longitude=2.1, workers_total=3,
    )  # fmt: skip
    response = client_for().get(reverse("entities:export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"] == '\'=HYPERLINK("https://evil.example","Coop")'
    assert row["description"] == "'@SUM(A1:A9)"
    assert row["phone"] == "'+34 930 000 000"
    assert row["address"] == "'-2+3"
    assert row["latitude"] == "-0.5" and row["workers_total"] == "3"


def test_uploaded_import_files_are_private_with_random_names(
    client_for, secretariat_user, places, settings
):
    from pathlib import Path

    upload = SimpleUploadedFile("llista.csv", b"nom;poble\nCoop U;Barcelona\n")
    client_for(secretariat_user).post(
        reverse("entities:import_list"), {"file": upload, "source_name": "llista"}
    )
    batch = ImportBatch.objects.get()
    assert Path(batch.file.path).is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    prefix, folder, name = batch.file.name.rsplit("/", 2)
    assert prefix == "imports/entities" and len(folder) == 32 and name == "llista.csv"


def test_import_upload_refuses_web_pages(client_for, secretariat_user, places):
    upload = SimpleUploadedFile("llista.csv", b"<html><script>alert(1)</script></html>")
    response = client_for(secretariat_user).post(
        reverse("entities:import_list"), {"file": upload, "source_name": "llista"}
    )
    assert response.status_code == HTTPStatus.OK
    assert not ImportBatch.objects.exists()


def test_import_upload_refuses_an_expanding_workbook(
    client_for, secretariat_user, places
):
    from django.utils import translation

    from teixit.core.tests.test_imports import bomb_xlsx

    with translation.override("en"):
        url = reverse("entities:import_list")
    response = client_for(secretariat_user).post(
        url,
        {"file": SimpleUploadedFile("llista.xlsx", bomb_xlsx()), "source_name": "x"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "would expand" in response.content.decode()
    assert not ImportBatch.objects.exists()
