import csv
import io
import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teixit.workplans.models import Action, Plan, ProgressUpdate
from teixit.workplans.services import SEED_FILE

pytestmark = pytest.mark.django_db


def _first_action_of_technical_commission(plan) -> Action:
    return (
        Action.objects.for_plan(plan)
        .filter(
            responsibilities__body__slug="comissio-tecnica",
            responsibilities__role="execution",
        )
        .order_by("pk")
        .first()
    )


def test_entry_page_lists_public_plans_for_the_public(client, seed_plan):
    response = client.get(reverse("workplans:plan_list"))

    assert response.status_code == HTTPStatus.OK
    assert "Pla de treball 2017-2019" in response.content.decode()
    assert reverse("workplans:plan_list") == "/plan/"


@pytest.mark.parametrize(
    ("visibility", "status", "who", "expected"),
    [
        ("public", "approved", None, HTTPStatus.OK),
        ("members", "approved", None, HTTPStatus.NOT_FOUND),
        ("members", "approved", "registered_user", HTTPStatus.OK),
        ("members", "draft", "registered_user", HTTPStatus.NOT_FOUND),
        ("members", "draft", "body_member_user", HTTPStatus.OK),
        ("members", "draft", "secretariat_user", HTTPStatus.OK),
    ],
)
def test_who_reads_a_plan(
    seed_plan, client_for, request, visibility, status, who, expected
):
    Plan.objects.filter(pk=seed_plan.pk).update(visibility=visibility, status=status)
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)

    for name in ("plan_detail", "plan_dashboard", "plan_timeline", "plan_report"):
        assert (
            client.get(reverse(f"workplans:{name}", args=[seed_plan.pk])).status_code
            == expected
        )
    assert client.get(f"/api/v1/plans/{seed_plan.pk}/").status_code == expected
    listed = [p["id"] for p in client.get("/api/v1/plans/").json()]
    assert (seed_plan.pk in listed) == (expected == HTTPStatus.OK)


def test_overview_filters_are_get_parameters_and_htmx_gets_the_partial(
    client, seed_plan, bodies
):
    url = reverse("workplans:plan_detail", args=[seed_plan.pk])

    full = client.get(url, {"body": bodies["promoter"].pk})
    partial = client.get(url, {"body": bodies["promoter"].pk}, HTTP_HX_REQUEST="true")

    assert full.status_code == HTTPStatus.OK
    assert "<html" in full.content.decode()
    assert "Es mostra 1 acció de 34" in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert partial.content.decode().lstrip().startswith('<div id="results"')
    assert "Coproduir el relat" in partial.content.decode()
    assert "Actualitzar el web" not in partial.content.decode()


def test_timeline_is_svg_without_style_attributes(client, seed_plan):
    response = client.get(reverse("workplans:plan_timeline", args=[seed_plan.pk]))

    html = response.content.decode()
    assert "<svg" in html and "tl-row" in html
    assert not re.search(r"\sstyle=", html)
    assert "<script" not in html.split("<main", 1)[1]


def test_dashboard_shows_counts_by_status(client, seed_plan):
    response = client.get(reverse("workplans:plan_dashboard", args=[seed_plan.pk]))

    assert response.status_code == HTTPStatus.OK
    assert 'data-status="not_started">34<' in response.content.decode()


def test_body_member_records_progress_on_the_action_page(
    client_for, seed_plan, body_member_user
):
    action = _first_action_of_technical_commission(seed_plan)
    client = client_for(body_member_user)
    url = reverse("workplans:action_detail", args=[action.pk])
    assert "progress-form" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "form": "progress",
            "on": "2018-03-01",
            "status": "in_progress",
            "percent": "45",
            "note": "Primer esborrany",
            "links": "https://example.org/acta",
            "files": SimpleUploadedFile("acta.txt", b"acta"),
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 45)
    update = ProgressUpdate.objects.get()
    assert update.evidence.count() == 2
    page = client.get(url).content.decode()
    assert "Primer esborrany" in page


def test_progress_form_keeps_what_was_typed_on_error(
    client_for, seed_plan, body_member_user
):
    action = _first_action_of_technical_commission(seed_plan)
    response = client_for(body_member_user).post(
        reverse("workplans:action_detail", args=[action.pk]),
        {
            "form": "progress",
            "on": "2018-03-01",
            "status": "in_progress",
            "percent": "140",
            "note": "Nota llarga",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "Nota llarga" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("who", [None, "registered_user", "technician_user"])
def test_others_cannot_record_progress(client_for, seed_plan, request, who):
    action = Action.objects.for_plan(seed_plan).first()
    user = request.getfixturevalue(who) if who else None

    response = client_for(user).post(
        reverse("workplans:action_detail", args=[action.pk]),
        {"form": "progress", "on": "2018-03-01", "status": "done", "percent": "100"},
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ProgressUpdate.objects.exists()


def test_my_actions_lists_the_actions_of_my_bodies(
    client_for, seed_plan, body_member_user
):
    response = client_for(body_member_user).get(reverse("workplans:my_actions"))

    html = response.content.decode()
    assert "Elaborar el codi ètic" in html
    assert (
        html.count('href="/plan/actions/') == 33
    )  # the technical commission is in 33 of the 34 actions


@pytest.mark.parametrize("who", ["body_member_user", "registered_user"])
def test_secretariat_pages_are_forbidden_to_others(client_for, seed_plan, request, who):
    client = client_for(request.getfixturevalue(who))

    assert (
        client.get(reverse("workplans:plan_import")).status_code == HTTPStatus.FORBIDDEN
    )
    assert (
        client.get(reverse("workplans:plan_edit", args=[seed_plan.pk])).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client.get(reverse("workplans:plan_copy", args=[seed_plan.pk])).status_code
        == HTTPStatus.FORBIDDEN
    )


def test_secretariat_imports_with_a_dry_run_first(client_for, bodies, secretariat_user):
    client = client_for(secretariat_user)
    url = reverse("workplans:plan_import")

    preview = client.post(
        url,
        {
            "file": SimpleUploadedFile("pla.tsv", SEED_FILE.read_bytes()),
            "dry_run": "on",
        },
    )
    assert preview.status_code == HTTPStatus.OK
    assert "7 objectius i 34 accions" in preview.content.decode()
    assert not Plan.objects.exists()

    done = client.post(
        url, {"file": SimpleUploadedFile("pla.tsv", SEED_FILE.read_bytes())}
    )
    assert done.status_code == HTTPStatus.FOUND
    assert Action.objects.count() == 34


def test_import_page_shows_the_errors_of_a_bad_file(
    client_for, bodies, secretariat_user
):
    response = client_for(secretariat_user).post(
        reverse("workplans:plan_import"),
        {"file": SimpleUploadedFile("pla.tsv", "Línia\tx\n".encode("latin-1"))},
    )

    assert response.status_code == HTTPStatus.OK
    assert "Línia 1:" in response.content.decode()
    assert not Plan.objects.exists()


def test_secretariat_edits_and_copies_a_plan(client_for, seed_plan, secretariat_user):
    client = client_for(secretariat_user)
    response = client.post(
        reverse("workplans:plan_edit", args=[seed_plan.pk]),
        {
            "title": seed_plan.title,
            "description": "",
            "start_on": "2017-01-01",
            "end_on": "2019-12-31",
            "status": "closed",
            "approved_on": "2017-02-01",
            "visibility": "members",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    seed_plan.refresh_from_db()
    assert (seed_plan.status, seed_plan.visibility) == ("closed", "members")

    response = client.post(
        reverse("workplans:plan_copy", args=[seed_plan.pk]),
        {
            "title": "Pla de treball 2020-2023",
            "start_on": "2020-01-01",
            "end_on": "2023-12-31",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    new = Plan.objects.get(title="Pla de treball 2020-2023")
    assert response["Location"] == new.get_absolute_url()
    assert Action.objects.for_plan(new).count() == 34


def test_secretariat_edits_an_action_planned_periods(
    client_for, seed_plan, secretariat_user
):
    action = Action.objects.for_plan(seed_plan).first()
    period = seed_plan.periods.order_by("order").first()

    response = client_for(secretariat_user).post(
        reverse("workplans:action_edit", args=[action.pk]),
        {"text": action.text, "weight": "2", "periods": [period.pk]},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert [p.period_id for p in action.planned_periods.all()] == [period.pk]


def test_report_csv_and_xlsx_with_body_filter(client, seed_plan, bodies):
    url = reverse("workplans:plan_report_file", args=[seed_plan.pk, "csv"])

    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert len(rows) == 35
    filtered = list(
        csv.reader(
            io.StringIO(
                client.get(url, {"body": bodies["promoter"].pk}).content.decode()
            )
        )
    )
    assert len(filtered) == 2 and filtered[1][0] == "III.3.1"

    from openpyxl import load_workbook

    response = client.get(
        reverse("workplans:plan_report_file", args=[seed_plan.pk, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.worksheets[0]["A1"].value == "Pla de treball 2017-2019"
    assert workbook.worksheets[1].max_row == 35


def test_report_pdf_is_a_pdf_with_the_plan_title(client, seed_plan):
    from pypdf import PdfReader

    response = client.get(
        reverse("workplans:plan_report_file", args=[seed_plan.pk, "pdf"])
    )

    assert response.status_code == HTTPStatus.OK
    assert response.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Pla de treball 2017-2019" in text


def test_unknown_report_format_is_404(client, seed_plan):
    assert (
        client.get(f"/plan/{seed_plan.pk}/report.doc").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_evidence_files_are_served_only_to_those_who_may_read_the_plan(
    client, client_for, seed_plan, body_member_user, registered_user, settings
):
    """Evidence files are kept in private storage and served by a view that
    checks the plan's visibility: a members-only plan's files are not public,
    and nothing under the public media folder holds them."""
    from pathlib import Path

    action = _first_action_of_technical_commission(seed_plan)
    member = client_for(body_member_user)
    member.post(
        reverse("workplans:action_detail", args=[action.pk]),
        {
            "form": "progress",
            "on": "2018-03-01",
            "status": "in_progress",
            "percent": "10",
            "files": SimpleUploadedFile("acta.txt", b"acta de la reunio"),
        },
    )
    evidence = ProgressUpdate.objects.get().evidence.get()
    url = reverse("workplans:evidence_file", args=[evidence.pk])
    assert evidence.href == url
    assert (
        url
        in member.get(
            reverse("workplans:action_detail", args=[action.pk])
        ).content.decode()
    )
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    assert not (Path(settings.MEDIA_ROOT) / evidence.file.name).exists()

    # Public plan: anyone may read it, so anyone may download its evidence.
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == b"acta de la reunio"
    assert "attachment" in response["Content-Disposition"]

    # Members only (any registered account): not the public.
    seed_plan.visibility = Plan.Visibility.MEMBERS
    seed_plan.save()
    registered = client_for(registered_user)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert registered.get(url).status_code == HTTPStatus.OK
    # A draft: the bodies' members only.
    seed_plan.status = Plan.Status.DRAFT
    seed_plan.save()
    assert registered.get(url).status_code == HTTPStatus.NOT_FOUND
    assert member.get(url).status_code == HTTPStatus.OK
    # A link evidence has no file to serve.
    link = evidence.update.evidence.create(url="https://example.org/acta")
    assert (
        member.get(reverse("workplans:evidence_file", args=[link.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_admin_shows_evidence_files_as_links_to_the_checked_view(
    client_for, seed_plan, body_member_user, superuser
):
    action = _first_action_of_technical_commission(seed_plan)
    client_for(body_member_user).post(
        reverse("workplans:action_detail", args=[action.pk]),
        {
            "form": "progress",
            "on": "2018-03-01",
            "status": "in_progress",
            "percent": "10",
            "files": SimpleUploadedFile("acta.txt", b"acta"),
        },
    )
    update = ProgressUpdate.objects.get()
    page = client_for(superuser).get(
        reverse("admin:workplans_progressupdate_change", args=[update.pk])
    )
    assert page.status_code == HTTPStatus.OK
    evidence = update.evidence.get()
    assert (
        reverse("workplans:evidence_file", args=[evidence.pk]) in page.content.decode()
    )


def test_migration_moves_old_public_evidence_files_to_private_storage(
    seed_plan, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    import importlib
    from pathlib import Path

    from django.apps import apps

    migration = importlib.import_module(
        "teixit.workplans.migrations.0002_evidence_private_storage"
    )
    action = Action.objects.filter(objective__line__plan=seed_plan).first()
    update = ProgressUpdate.objects.create(action=action, on="2018-01-01")
    name = "workplans/evidence/2018/acta.txt"
    update.evidence.create(file=name)
    public = Path(settings.MEDIA_ROOT) / name
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_bytes(b"acta")

    migration.move_files_to_private_storage(apps, None)

    assert not public.exists()
    assert (Path(settings.MEDIA_ROOT) / "private" / name).read_bytes() == b"acta"


def test_report_csv_and_xlsx_neutralise_formulas(client, seed_plan):
    from openpyxl import load_workbook

    action = Action.objects.for_plan(seed_plan).order_by("pk").first()
    action.text = '=HYPERLINK("https://evil.example","Detalls")'
    action.save(update_fields=["text"])
    line = action.objective.line
    line.title = "@SUM(1+1)"
    line.save(update_fields=["title"])

    url = reverse("workplans:plan_report_file", args=[seed_plan.pk, "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    texts = [row[3] for row in rows]
    assert '\'=HYPERLINK("https://evil.example","Detalls")' in texts
    assert not any(cell.startswith(("=", "@", "+")) for row in rows for cell in row)

    response = client.get(
        reverse("workplans:plan_report_file", args=[seed_plan.pk, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [
        c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row
    ]
    assert not any(c.data_type == "f" for c in cells)
    assert "'@SUM(1+1)" in [c.value for c in cells]
    progress = [c.value for c in workbook.worksheets[0]["C"][4:]]
    assert all(isinstance(v, int) for v in progress if v is not None)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("informe.html", b"<html><script src='x.js'></script></html>"),
        ("x.js", b"fetch('/accounts/profile/').then(r => r.text())"),
        ("dibuix.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("programa.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
    ],
)
def test_evidence_refuses_web_pages_scripts_and_disguised_files(
    client_for, seed_plan, body_member_user, name, content
):
    action = _first_action_of_technical_commission(seed_plan)
    response = client_for(body_member_user).post(
        reverse("workplans:action_detail", args=[action.pk]),
        {
            "form": "progress",
            "on": "2018-03-01",
            "status": "in_progress",
            "percent": "10",
            "note": "Nota amb fitxer",
            "files": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert name in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_evidence_files_get_random_names_and_are_served_as_downloads(
    client_for, seed_plan, body_member_user
):
    action = _first_action_of_technical_commission(seed_plan)
    member = client_for(body_member_user)
    for _ in range(2):
        member.post(
            reverse("workplans:action_detail", args=[action.pk]),
            {
                "form": "progress",
                "on": "2018-03-01",
                "status": "in_progress",
                "percent": "10",
                "files": SimpleUploadedFile("acta.txt", b"acta"),
            },
        )
    from teixit.workplans.models import Evidence

    names = [e.file.name for e in Evidence.objects.order_by("pk")]
    assert len(names) == 2 and names[0] != names[1]
    for name in names:
        prefix, folder, filename = name.rsplit("/", 2)
        assert prefix == "workplans/evidence" and len(folder) == 32
        assert filename == "acta.txt"
    evidence = Evidence.objects.order_by("pk").first()
    response = member.get(reverse("workplans:evidence_file", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="acta.txt"' in response["Content-Disposition"]
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_migration_gives_evidence_files_random_names(seed_plan, settings, tmp_path):
    import importlib
    from pathlib import Path

    from django.apps import apps

    settings.MEDIA_ROOT = str(tmp_path)
    migration = importlib.import_module(
        "teixit.workplans.migrations.0003_evidence_random_names"
    )
    action = Action.objects.filter(objective__line__plan=seed_plan).first()
    update = ProgressUpdate.objects.create(action=action, on="2018-01-01")
    old = "workplans/evidence/2018/acta.txt"
    evidence = update.evidence.create(file=old)
    stored = Path(tmp_path) / "private" / old
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"acta")

    migration.move_files_to_random_names(apps, None)

    evidence.refresh_from_db()
    assert evidence.file.name.startswith("workplans/evidence/")
    assert evidence.file.name.endswith("/acta.txt") and evidence.file.name != old
    assert not stored.exists()
    assert (Path(tmp_path) / "private" / evidence.file.name).read_bytes() == b"acta"


@pytest.mark.parametrize(
    ("limits", "name", "content", "message"),
    [
        ({"max_bytes": 1000}, "pla.tsv", None, "too large"),
        ({"max_rows": 10}, "pla.tsv", None, "more than 10 rows"),
        ({}, "pla.xlsx", "bomb", "would expand"),
    ],
)
def test_plan_import_refuses_files_over_the_limits(
    client_for, bodies, secretariat_user, settings, limits, name, content, message
):
    from teixit.core.tests.test_imports import bomb_xlsx

    settings.TEIXIT_IMPORT_LIMITS = {"workplans": limits}
    data = bomb_xlsx() if content == "bomb" else SEED_FILE.read_bytes()
    from django.utils import translation

    with translation.override("en"):
        url = reverse("workplans:plan_import")
    response = client_for(secretariat_user).post(
        url, {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode().replace("\n", " ")
    assert not Plan.objects.exists()


def test_plan_importer_itself_enforces_the_row_limit(bodies, settings):
    from teixit.workplans.importer import WorkplanFileError, read_rows

    settings.TEIXIT_IMPORT_LIMITS = {"workplans": {"max_rows": 10}}
    with pytest.raises(WorkplanFileError):
        read_rows(SEED_FILE.read_bytes(), filename="pla.tsv")


def test_import_command_refuses_a_file_over_the_size_limit(bodies, settings):
    from django.core.management import CommandError, call_command

    settings.TEIXIT_IMPORT_LIMITS = {"workplans": {"max_bytes": 100}}
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_workplan", str(SEED_FILE))
    assert not Plan.objects.exists()


def test_import_page_asks_to_confirm_removing_a_lost_column(
    client_for, bodies, secretariat_user
):
    from teixit.workplans.models import Period
    from teixit.workplans.services import plan_import

    plan_import(data=SEED_FILE.read_bytes())
    rows = SEED_FILE.read_text(encoding="utf-8").split("\n")
    edited = "\n".join(
        "\t".join(row.split("\t")[:-1]) if "\t" in row else row for row in rows
    ).encode()
    client = client_for(secretariat_user)
    url = reverse("workplans:plan_import")

    refused = client.post(url, {"file": SimpleUploadedFile("pla.tsv", edited)})
    assert refused.status_code == HTTPStatus.OK
    page = refused.content.decode()
    assert "2019 1er Semestre" in page
    assert 'name="allow_removals"' in page
    assert Period.objects.count() == 4

    done = client.post(
        url,
        {"file": SimpleUploadedFile("pla.tsv", edited), "allow_removals": "on"},
    )
    assert done.status_code == HTTPStatus.FOUND
    assert Period.objects.count() == 3


def _plan_without_planned_periods(**dates):
    import datetime as dt

    from teixit.workplans.tests.factories import (
        ActionFactory,
        ObjectiveFactory,
        PeriodFactory,
        PlanFactory,
        StrategicLineFactory,
    )

    plan = PlanFactory(**dates)
    first = PeriodFactory(
        plan=plan,
        label="1r any",
        start_on=plan.start_on,
        end_on=plan.start_on + dt.timedelta(days=364),
        order=1,
    )
    second = PeriodFactory(
        plan=plan,
        label="2n any",
        start_on=first.end_on + dt.timedelta(days=1),
        end_on=plan.end_on,
        order=2,
    )
    objective = ObjectiveFactory(line=StrategicLineFactory(plan=plan, code="I"))
    actions = [ActionFactory(objective=objective, order=n) for n in (1, 2, 3)]
    return plan, [first, second], actions


def test_dashboard_of_an_ended_plan_lists_unfinished_actions_as_late(client, db):
    import datetime as dt

    plan, _periods, actions = _plan_without_planned_periods(
        start_on=dt.date(2017, 1, 1), end_on=dt.date(2019, 12, 31)
    )

    html = client.get(
        reverse("workplans:plan_dashboard", args=[plan.pk])
    ).content.decode()

    assert "No action is late" not in html and "Cap acció no va amb retard" not in html
    for action in actions:
        assert reverse("workplans:action_detail", args=[action.pk]) in html


def test_dashboard_of_a_plan_without_planned_periods_says_so(
    client_for, db, secretariat_user
):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    plan, _periods, _actions = _plan_without_planned_periods(
        start_on=dt.date(today.year, 1, 1), end_on=dt.date(today.year + 1, 12, 31)
    )
    url = reverse("workplans:plan_dashboard", args=[plan.pk])

    html = client_for().get(url).content.decode()
    assert 'id="no-planned-periods"' in html
    assert reverse("workplans:plan_schedule", args=[plan.pk]) not in html
    html = client_for(secretariat_user).get(url).content.decode()
    assert reverse("workplans:plan_schedule", args=[plan.pk]) in html


def test_secretariat_sets_planned_periods_in_bulk_on_the_grid(
    client_for, db, secretariat_user, body_member_user
):
    import datetime as dt

    from teixit.workplans.models import PlannedPeriod

    plan, (first, second), (a1, a2, a3) = _plan_without_planned_periods(
        start_on=dt.date(2030, 1, 1), end_on=dt.date(2031, 12, 31)
    )
    url = reverse("workplans:plan_schedule", args=[plan.pk])
    assert client_for().get(url).status_code == HTTPStatus.FOUND  # to the login
    assert client_for(body_member_user).get(url).status_code == HTTPStatus.FORBIDDEN
    client = client_for(secretariat_user)
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert f'value="{a3.pk}:{second.pk}"' in page.content.decode()

    response = client.post(
        url,
        {
            "planned": [
                f"{a1.pk}:{first.pk}",
                f"{a2.pk}:{first.pk}",
                f"{a2.pk}:{second.pk}",
            ]
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert set(PlannedPeriod.objects.values_list("action_id", "period_id")) == {
        (a1.pk, first.pk),
        (a2.pk, first.pk),
        (a2.pk, second.pk),
    }

    # Unticking removes; a mark of another plan is refused and nothing changes.
    client.post(url, {"planned": [f"{a2.pk}:{second.pk}"]})
    assert set(PlannedPeriod.objects.values_list("action_id", "period_id")) == {
        (a2.pk, second.pk)
    }
    other, (foreign_period, _), _ = _plan_without_planned_periods(
        start_on=dt.date(2030, 1, 1), end_on=dt.date(2031, 12, 31)
    )
    refused = client.post(
        url, {"planned": [f"{a1.pk}:{foreign_period.pk}", f"{a3.pk}:{first.pk}"]}
    )
    assert refused.status_code == HTTPStatus.OK
    assert set(PlannedPeriod.objects.values_list("action_id", "period_id")) == {
        (a2.pk, second.pk)
    }
