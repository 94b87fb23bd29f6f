from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teixit.diagnosis.models import Answer, Diagnosis, IndicatorValue
from teixit.diagnosis.services import diagnosis_create, indicator_snapshot_take

from .factories import small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def diagnosis(version, member):
    return diagnosis_create(member=member, year=2024)


def q(diagnosis, code):
    return diagnosis.version.questions().get(code=code)


def test_index_page_lists_indicators_for_everyone(client_for, version):
    response = client_for().get("/diagnosis/")
    assert response.status_code == HTTPStatus.OK
    assert "entities_per_10k" in response.content.decode()
    assert (
        "budget_per_inhabitant" not in response.content.decode()
    )  # members-only indicator


@pytest.mark.parametrize(
    ("role", "visibility", "expected"),
    [
        ("anonymous", "members", HTTPStatus.NOT_FOUND),
        ("registered_user", "members", HTTPStatus.NOT_FOUND),
        ("body_member_user", "members", HTTPStatus.OK),
        ("technician_user", "private", HTTPStatus.OK),
        ("body_member_user", "private", HTTPStatus.NOT_FOUND),
        ("secretariat_user", "private", HTTPStatus.OK),
        ("anonymous", "public", HTTPStatus.OK),
    ],
)
def test_diagnosis_visibility_per_role(
    request, client_for, diagnosis, role, visibility, expected
):
    Diagnosis.objects.filter(pk=diagnosis.pk).update(visibility=visibility)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = client_for(user).get(f"/diagnosis/{diagnosis.pk}/")
    assert response.status_code == expected


def test_technician_of_another_member_cannot_edit(client_for, diagnosis, other_member):
    from teixit.accounts.tests.factories import UserFactory
    from teixit.network.tests.factories import TechnicianFactory

    outsider = UserFactory()
    TechnicianFactory(user=outsider, member=other_member)
    Diagnosis.objects.filter(pk=diagnosis.pk).update(visibility="public")
    client = client_for(outsider)
    assert (
        client.get(f"/diagnosis/{diagnosis.pk}/edit/").status_code
        == HTTPStatus.FORBIDDEN
    )
    response = client.post(
        f"/diagnosis/{diagnosis.pk}/answers/{q(diagnosis, 'needs').pk}/",
        {"q_needs": "x"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Answer.objects.exists()


def test_technician_starts_a_diagnosis_for_own_member_only(
    client_for, technician_user, member, other_member, version
):
    client = client_for(technician_user)
    response = client.post("/diagnosis/new/", {"member": member.pk, "year": 2024})
    assert response.status_code == HTTPStatus.FOUND
    assert Diagnosis.objects.filter(member=member, year=2024).exists()
    response = client.post("/diagnosis/new/", {"member": other_member.pk, "year": 2024})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_autosave_saves_each_answer_and_reports_errors(
    client_for, technician_user, diagnosis
):
    client = client_for(technician_user)
    url = f"/diagnosis/{diagnosis.pk}/answers/{q(diagnosis, 'sse_budget').pk}/"
    response = client.post(url, {"q_sse_budget": "12.500,75"}, HTTP_HX_REQUEST="true")
    assert response.status_code == HTTPStatus.OK
    assert "autosave-ok" in response.content.decode()
    assert Answer.objects.get(diagnosis=diagnosis).value == "12500.75"
    response = client.post(url, {"q_sse_budget": "molts"}, HTTP_HX_REQUEST="true")
    assert "error" in response.content.decode()
    assert (
        Answer.objects.get(diagnosis=diagnosis).value == "12500.75"
    )  # the last valid value is kept


def test_save_button_without_js_keeps_typed_values_on_error(
    client_for, technician_user, diagnosis
):
    client = client_for(technician_user)
    response = client.post(
        f"/diagnosis/{diagnosis.pk}/edit/",
        {
            "q_needs": "Més espais",
            "q_sse_staff_fte": "-3",
            "q_services_offered": ["formacio"],
            "q_services_offered__present": "1",
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    content = response.content.decode()
    assert 'value="-3"' in content  # what was typed is shown again
    assert (
        Answer.objects.get(diagnosis=diagnosis, question__code="needs").value
        == "Més espais"
    )
    assert Answer.objects.get(
        diagnosis=diagnosis, question__code="services_offered"
    ).value == ["formacio"]
    assert not Answer.objects.filter(question__code="sse_staff_fte").exists()


def test_file_question_and_documents_accept_valid_files_only(
    client_for, technician_user, diagnosis
):
    client = client_for(technician_user)
    pdf = SimpleUploadedFile("pla.pdf", b"%PDF-1.4 pla", content_type="application/pdf")
    response = client.post(
        f"/diagnosis/{diagnosis.pk}/edit/", {"q_sse_plan_document": pdf}
    )
    assert response.status_code == HTTPStatus.FOUND
    answer = Answer.objects.get(question__code="sse_plan_document")
    assert answer.file.read().startswith(b"%PDF")
    exe = SimpleUploadedFile("eina.exe", b"MZ", content_type="application/octet-stream")
    client.post(f"/diagnosis/{diagnosis.pk}/documents/", {"title": "Eina", "file": exe})
    assert not diagnosis.documents.exists()
    doc = SimpleUploadedFile(
        "acta.txt", b"Acta de la reunio", content_type="text/plain"
    )
    client.post(f"/diagnosis/{diagnosis.pk}/documents/", {"title": "Acta", "file": doc})
    document = diagnosis.documents.get()
    response = client.get(f"/diagnosis/{diagnosis.pk}/documents/{document.pk}/")
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == b"Acta de la reunio"


def test_submit_requires_answers_and_only_secretariat_validates(
    client_for, technician_user, secretariat_user, diagnosis
):
    client = client_for(technician_user)
    client.post(f"/diagnosis/{diagnosis.pk}/submit/")
    diagnosis.refresh_from_db()
    assert diagnosis.status == Diagnosis.Status.DRAFT  # required questions missing
    client.post(
        f"/diagnosis/{diagnosis.pk}/edit/",
        {
            "q_sse_plan": "yes",
            "q_sse_budget": "1000",
            "q_sse_staff_fte": "1",
            "q_sse_mapping_done": "yes",
            "q_needs": "x",
        },
    )
    client.post(f"/diagnosis/{diagnosis.pk}/submit/")
    diagnosis.refresh_from_db()
    assert diagnosis.status == Diagnosis.Status.SUBMITTED
    assert (
        client.post(f"/diagnosis/{diagnosis.pk}/validate/").status_code
        == HTTPStatus.FORBIDDEN
    )
    # A submitted diagnosis is no longer editable by its technician.
    response = client.post(
        f"/diagnosis/{diagnosis.pk}/answers/{q(diagnosis, 'needs').pk}/",
        {"q_needs": "y"},
    )
    assert "error" in response.content.decode()
    client_for(secretariat_user).post(f"/diagnosis/{diagnosis.pk}/validate/")
    diagnosis.refresh_from_db()
    assert diagnosis.status == Diagnosis.Status.VALIDATED
    assert diagnosis.history.count() >= 3


def test_comparison_and_network_pages_show_values_tables_and_svg(client_for):
    world = small_world()
    indicator_snapshot_take(year=2019)
    indicator_snapshot_take(year=2020)
    world["a"].boundary = {
        "type": "Polygon",
        "coordinates": [[[1, 41], [1.1, 41], [1.1, 41.1], [1, 41]]],
    }
    world["a"].save(update_fields=["boundary"])
    client = client_for()
    response = client.get(f"/diagnosis/municipalities/{world['a'].code}/?year=2020")
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<svg" in content and 'role="img"' in content
    assert "style=" not in content
    assert "Comarca U" in content
    response = client.get("/diagnosis/network/?indicator=entities_per_10k&year=2020")
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "map-q" in content and "Alfa" in content
    assert "style=" not in content
    response = client.get(
        "/diagnosis/network/?indicator=entities_by_legal_form&year=2020&breakdown=coop"
    )
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [
        ("html", "text/html", b"<!DOCTYPE html>"),
        ("pdf", "application/pdf", b"%PDF"),
        ("xlsx", "application/vnd.openxmlformats", b"PK"),
        ("csv", "text/csv", b"Indicator code"),
    ],
)
def test_municipality_and_network_reports_in_every_format(
    client_for, fmt, content_type, magic
):
    world = small_world()
    indicator_snapshot_take(year=2020)
    client = client_for()
    for url in (
        f"/en/diagnosis/municipalities/{world['a'].code}/report.{fmt}?year=2020",
        f"/en/diagnosis/network/report.{fmt}?indicator=entities_per_10k&year=2020",
    ):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert response["Content-Type"].startswith(content_type)
        body = response.content
        if fmt == "csv" and "network" in url:
            assert body.startswith(b"Position")
        else:
            assert body.lstrip().startswith(magic)


def test_pdf_report_contains_the_numbers(client_for):
    from io import BytesIO

    from pypdf import PdfReader

    world = small_world()
    indicator_snapshot_take(year=2020)
    response = client_for().get(
        f"/en/diagnosis/municipalities/{world['a'].code}/report.pdf?year=2020"
    )
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(response.content)).pages
    )
    assert "Alfa" in text and "SSE entities per 10,000 inhabitants" in text


def test_snapshot_command_stores_values(capsys):
    from django.core.management import call_command

    small_world()
    call_command("snapshot_indicators", "--year", "2020")
    assert IndicatorValue.objects.filter(year=2020).exists()
    assert "2020" in capsys.readouterr().out


def test_demo_command_is_idempotent(technician_user):
    from django.core.management import call_command

    call_command("demo_diagnosis")
    call_command("demo_diagnosis")
    assert Diagnosis.objects.count() == 1
    assert Diagnosis.objects.get().status == Diagnosis.Status.DRAFT


def test_reports_and_values_csv_neutralise_formulas_and_keep_numbers(client_for):
    import csv
    import io

    from openpyxl import load_workbook

    world = small_world()
    indicator_snapshot_take(year=2020)
    IndicatorValue.objects.filter(territory_code=world["a"].code).update(
        territory_name='=HYPERLINK("https://evil.example","Alfa")'
    )
    IndicatorValue.objects.filter(
        territory_code=world["b"].code, indicator="entities_per_10k"
    ).update(value=-2.5)
    client = client_for()
    network = (
        "/en/diagnosis/network/report.{}?indicator=entities_per_10k&year=2020"
        "&scope=comarca&comarca=71"
    )
    rows = list(
        csv.reader(io.StringIO(client.get(network.format("csv")).content.decode()))
    )
    names = [row[2] for row in rows]
    assert '\'=HYPERLINK("https://evil.example","Alfa")' in names
    assert "-2.5" in [row[4] for row in rows] or "-2,5" in [row[4] for row in rows]

    workbook = load_workbook(io.BytesIO(client.get(network.format("xlsx")).content))
    cells = [
        c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row
    ]
    assert not any(c.data_type == "f" for c in cells)
    assert '\'=HYPERLINK("https://evil.example","Alfa")' in [c.value for c in cells]
    assert -2.5 in [c.value for c in workbook["Ranking"]["E"]]

    text = client.get("/api/v1/indicators/values.csv", {"year": 2020}).content.decode()
    values = list(csv.DictReader(io.StringIO(text)))
    assert '\'=HYPERLINK("https://evil.example","Alfa")' in [
        v["territory_name"] for v in values
    ]
    assert "-2.5" in [v["value"] for v in values] or "-2.50" in [
        v["value"] for v in values
    ]


def test_documents_are_private_with_random_names_and_checked_downloads(
    client_for, technician_user, diagnosis, settings
):
    from pathlib import Path

    client = client_for(technician_user)
    page = SimpleUploadedFile("acta.html", b"<html><script src=x.js></script></html>")
    client.post(f"/diagnosis/{diagnosis.pk}/documents/", {"title": "Web", "file": page})
    assert not diagnosis.documents.exists()
    doc = SimpleUploadedFile("Acta final.txt", b"Acta de la reunio")
    client.post(f"/diagnosis/{diagnosis.pk}/documents/", {"title": "Acta", "file": doc})
    document = diagnosis.documents.get()
    stored = Path(document.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    _prefix, folder, name = document.file.name.rsplit("/", 2)
    assert len(folder) == 32 and name == "Acta_final.txt"
    url = f"/diagnosis/{diagnosis.pk}/documents/{document.pk}/"
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for().get(url).status_code == HTTPStatus.NOT_FOUND


def test_migration_moves_public_diagnosis_files_to_private_random_folders(
    diagnosis, settings, tmp_path
):
    import importlib
    from pathlib import Path

    from django.apps import apps

    from teixit.diagnosis.models import DiagnosisDocument

    settings.MEDIA_ROOT = str(tmp_path)
    migration = importlib.import_module(
        "teixit.diagnosis.migrations.0003_files_private_random_names"
    )
    old = f"diagnosis/{diagnosis.pk}/documents/acta.pdf"
    public = Path(tmp_path) / old
    public.parent.mkdir(parents=True)
    public.write_bytes(b"%PDF-1.4 acta")
    document = DiagnosisDocument.objects.create(
        diagnosis=diagnosis, title="A", file=old
    )

    migration.move_files_to_private_storage(apps, None)

    document.refresh_from_db()
    assert not public.exists()
    assert document.file.name != old and document.file.name.endswith("/acta.pdf")
    assert (
        Path(tmp_path) / "private" / document.file.name
    ).read_bytes() == b"%PDF-1.4 acta"


@pytest.mark.parametrize("role", ["anonymous", "secretariat_user"])
def test_index_runs_as_many_queries_with_one_year_of_diagnoses_as_with_six(
    client_for, version, role, request
):
    """The coverage table covers up to six years: its queries must not grow
    with them (the crawl measured 12 → 28 queries at network scale)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = small_world()
    client = client_for(request.getfixturevalue(role) if role != "anonymous" else None)
    diagnosis_create(member=world["member_a"], year=2020)
    # The coverage is kept between views (recent_mapping_coverage): every
    # measured view computes it afresh.
    cache.clear()
    client.get("/diagnosis/")  # compiles what every page compiles once
    cache.clear()
    with CaptureQueriesContext(connection) as one_year:
        assert client.get("/diagnosis/").status_code == HTTPStatus.OK
    for year in (2021, 2022, 2023, 2024, 2025):
        diagnosis_create(member=world["member_a"], year=year)
        diagnosis_create(member=world["member_c"], year=year)
    cache.clear()
    with CaptureQueriesContext(connection) as six_years:
        response = client.get("/diagnosis/")
    assert response.status_code == HTTPStatus.OK
    assert len(six_years.captured_queries) <= len(one_year.captured_queries)


def test_index_coverage_shows_each_kind_of_edit_at_the_next_view(
    client_for, version, monkeypatch
):
    """The coverage table is kept between views: a diagnosis submitted, an
    answer "SSE mapped", an entity published in a member's municipality and
    a member leaving each show at the next view of the index, and a view
    with nothing written reads it from the cache."""
    import datetime

    from django.db import connection

    from teixit.diagnosis import indicators
    from teixit.diagnosis.services import answer_save
    from teixit.diagnosis.tests.factories import entity

    world = small_world()
    year = 2024
    client = client_for()

    def coverage():
        response = client.get("/diagnosis/")
        assert response.status_code == HTTPStatus.OK
        row = next(r for r in response.context["coverage"] if r["year"] == year)
        return {k: row[k] for k in ("members", "diagnosed", "mapped", "both")}

    draft = diagnosis_create(member=world["member_c"], year=year)
    assert coverage() == {"members": 2, "diagnosed": 0, "mapped": 1, "both": 0}
    if (
        connection.vendor == "sqlite"
    ):  # PostgreSQL keeps nothing in a test's transaction
        computed = []
        monkeypatch.setattr(
            indicators,
            "mapping_coverage_years",
            lambda years, compute=indicators.mapping_coverage_years: (
                computed.append(years) or compute(years)
            ),
        )
        assert coverage() == {"members": 2, "diagnosed": 0, "mapped": 1, "both": 0}
        assert computed == []

    answer_save(
        diagnosis=draft,
        question=draft.version.questions().get(code="sse_mapping_done"),
        raw="yes",
    )
    assert coverage() == {"members": 2, "diagnosed": 0, "mapped": 2, "both": 0}

    draft.status = Diagnosis.Status.SUBMITTED
    draft.save()
    assert coverage() == {"members": 2, "diagnosed": 1, "mapped": 2, "both": 1}

    Answer.objects.filter(diagnosis=draft).delete()
    assert coverage() == {"members": 2, "diagnosed": 1, "mapped": 1, "both": 0}

    entity(world["c"], name="Nova")  # published: the register's stamp changes
    assert coverage() == {"members": 2, "diagnosed": 1, "mapped": 2, "both": 1}

    world["member_a"].left_on = datetime.date(2024, 1, 1)
    world["member_a"].save()
    assert coverage() == {"members": 1, "diagnosed": 1, "mapped": 1, "both": 1}


def test_municipality_page_distributions_follow_a_new_snapshot(client_for):
    """Every municipality's values are cached for the municipality pages per
    data version: a new snapshot (new values) shows at once, and a second
    page reads them from the cache (fewer queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.diagnosis.tests.factories import entity

    world = small_world()
    indicator_snapshot_take(year=2020)
    client = client_for()
    url = f"/diagnosis/municipalities/{world['a'].code}/?year=2020"

    def distributions(response):
        assert response.status_code == HTTPStatus.OK
        return [
            (row["indicator"].code, row["all_distribution"], row["rank"])
            for row in response.context["comparison"]["rows"]
        ]

    with CaptureQueriesContext(connection) as first:
        before = distributions(client.get(url))
    with CaptureQueriesContext(connection) as second:
        assert distributions(client.get(url)) == before
    assert len(second.captured_queries) < len(first.captured_queries)
    for i in range(30):
        entity(world["b"], name=f"Nova {i}")
    indicator_snapshot_take(year=2020)
    after = distributions(client.get(url))
    assert after != before


def test_municipality_page_kept_comparison_follows_members_labels_and_language(
    client_for,
):
    """The municipality page keeps its comparison and charts per data
    version; a municipality joining the network (its distributions), a
    concept's new label (the breakdowns) and another language each show at
    the next view."""
    from django.utils import translation

    from teixit.diagnosis.indicators import SECTORS
    from teixit.diagnosis.tests.factories import concept
    from teixit.network.tests.factories import MemberFactory

    world = small_world()
    indicator_snapshot_take(year=2020)
    client = client_for()
    url = f"/diagnosis/municipalities/{world['a'].code}/?year=2020"

    def page():
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        rows = {
            row["indicator"].code: row for row in response.context["comparison"]["rows"]
        }
        sectors = next(
            b["items"]
            for b in response.context["breakdowns"]
            if b["indicator"].code == "entities_by_sector"
        )
        return rows, dict(sectors), response.content.decode()

    rows, sectors, _html = page()
    assert rows["entities_per_10k"]["network_distribution"]["count"] == 2
    assert sectors["Agro"] == 2
    assert page()[0]["entities_per_10k"]["network_distribution"]["count"] == 2

    MemberFactory(municipality=world["b"], name="Ajuntament de Beta")
    rows, _sectors, _html = page()
    assert rows["entities_per_10k"]["network_distribution"]["count"] == 3

    agro = concept(SECTORS, "agro")
    agro.label_ca = "Agroecologia"
    agro.save()
    assert page()[1]["Agroecologia"] == 2

    with translation.override("es"):
        url = f"/es/diagnosis/municipalities/{world['a'].code}/?year=2020"
        _rows, _sectors, html = page()
    assert "Red: mediana" in html


def test_network_page_kept_charts_and_comarques_follow_values_and_renames(client_for):
    """The network page keeps its histogram, map and comarca options for the
    register's stamp and the values drawn: new values and a comarca renamed
    each show at the next view; the ranking links each municipality."""
    from teixit.diagnosis.tests.factories import entity

    world = small_world()
    indicator_snapshot_take(year=2020)
    client = client_for()
    url = "/diagnosis/network/?indicator=entities_total&year=2020&scope=catalonia"

    def page():
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        return response

    first = page()
    html = first.content.decode()
    assert f'href="/diagnosis/municipalities/{world["a"].code}/?year=2020"' in html
    assert "Comarca U" in html
    assert page().context["histogram"] == first.context["histogram"]

    for i in range(5):
        entity(world["b"], name=f"Nova {i}")
    indicator_snapshot_take(year=2020)
    assert page().context["histogram"] != first.context["histogram"]

    world["a"].comarca.name = "Comarca Reanomenada"
    world["a"].comarca.save()
    html = page().content.decode()
    assert "Comarca Reanomenada" in html and "Comarca U" not in html


def test_data_version_reads_one_row_and_changes_with_every_snapshot(monkeypatch):
    """`reports.data_version()` keys the caches built from the values (the
    municipality pages' distributions, the network reports): one query on
    the stamp row whatever the number of values (it counted the values
    table, ~80 ms at network scale), a new version at every snapshot, and
    none when a snapshot's write fails (the stamp is in its transaction)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.diagnosis.reports import data_version

    small_world()
    versions = [data_version()]
    indicator_snapshot_take(year=2020)
    with CaptureQueriesContext(connection) as queries:
        versions.append(data_version())
    assert len(queries.captured_queries) == 1
    assert 'indicatorvalue"' not in queries.captured_queries[0]["sql"].lower()
    indicator_snapshot_take(year=2020)  # the same values, written again
    versions.append(data_version())
    indicator_snapshot_take(year=2021)
    with CaptureQueriesContext(connection) as more:
        versions.append(data_version())
    assert len(more.captured_queries) == 1
    assert len(set(versions)) == 4

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(IndicatorValue.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        indicator_snapshot_take(year=2022)
    assert data_version() == versions[-1]
