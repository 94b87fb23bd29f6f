import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from teixit.network.models import Body
from teixit.network.tests.factories import BodyFactory
from teixit.workplans.importer import BodyMatcher, WorkplanFileError, parse_who
from teixit.workplans.models import (
    Action,
    Objective,
    Period,
    Plan,
    ProgressUpdate,
    Responsibility,
    StrategicLine,
)
from teixit.workplans.rules import executed_by_members
from teixit.workplans.services import SEED_FILE, plan_import

pytestmark = pytest.mark.django_db

Role = Responsibility.Role


def _pairs(action: Action) -> list[tuple[str, str | None, str]]:
    return [
        (r.role, r.body.slug if r.body else None, r.text)
        for r in action.responsibilities.order_by("order")
    ]


def _action(plan, line, objective, order) -> Action:
    return Action.objects.get(
        objective__line__plan=plan,
        objective__line__code=line,
        objective__code=objective,
        order=order,
    )


def _history_rows() -> int:
    return sum(
        model.history.count()
        for model in (Plan, Period, StrategicLine, Objective, Action, Responsibility)
    )


def test_seed_import_gives_one_plan_three_lines_seven_objectives_34_actions(
    bodies, seed_bytes
):
    report = plan_import(data=seed_bytes)

    assert report.created
    assert Plan.objects.count() == 1
    plan = Plan.objects.get()
    assert plan.title == "Pla de treball 2017-2019"
    assert (plan.start_on, plan.end_on) == (dt.date(2017, 1, 1), dt.date(2019, 12, 31))
    assert plan.status == Plan.Status.DRAFT
    assert StrategicLine.objects.filter(plan=plan).count() == 3
    assert Objective.objects.filter(line__plan=plan).count() == 7
    assert Action.objects.for_plan(plan).count() == 34
    assert list(plan.lines.order_by("order").values_list("code", flat=True)) == [
        "I",
        "II",
        "III",
    ]
    assert [
        o.actions.count() for o in Objective.objects.order_by("line__order", "order")
    ] == [
        8,
        5,
        5,
        5,
        6,
        3,
        2,
    ]
    # Every action has its responsibilities.
    assert not Action.objects.filter(responsibilities__isnull=True).exists()


def test_seed_periods_follow_the_header_where_2018_spans_two_semesters(
    bodies, seed_bytes
):
    plan = plan_import(data=seed_bytes).plan

    periods = list(
        plan.periods.order_by("order").values_list("label", "start_on", "end_on")
    )
    assert periods == [
        ("2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
        ("2018 1er Semestre", dt.date(2018, 1, 1), dt.date(2018, 6, 30)),
        ("2018 2on semestre", dt.date(2018, 7, 1), dt.date(2018, 12, 31)),
        ("2019 1er Semestre", dt.date(2019, 1, 1), dt.date(2019, 6, 30)),
    ]


def test_seed_exact_actions_and_responsibilities(bodies, seed_bytes):
    plan = plan_import(data=seed_bytes).plan

    first = _action(plan, "I", "1", 1)
    assert first.text.startswith("Eines i metodologies de diagnosi i mapeig")
    assert _pairs(first) == [
        (Role.BASIC_LINES, "comissio-tecnica", "comissió tècnica"),
        (Role.EXECUTION, "secretaria-tecnica", "secretaria tècnica"),
    ]
    assert (
        _action(plan, "I", "2", 1).text
        == "Organitzar i promoure 3 trobades anuals amb tots els membres de la xarxa."
    )
    # "comissió executiva, comissió tècnica i el Socis de la XMESS" → three pairs.
    invite = _action(plan, "II", "1", 1)
    assert invite.text.startswith("Convidar a diferents institucions")
    assert _pairs(invite) == [
        (Role.EXECUTION, "comissio-executiva", "comissió executiva"),
        (Role.EXECUTION, "comissio-tecnica", "comissió tècnica"),
        (Role.EXECUTION, None, "el Socis de la XMESS"),
    ]
    # "secretaria tècnica o proveïdora" is the secretariat.
    assert _pairs(_action(plan, "II", "1", 3))[1] == (
        Role.EXECUTION,
        "secretaria-tecnica",
        "secretaria tècnica o proveïdora",
    )
    # Free text kept when it names no body.
    assert _pairs(_action(plan, "II", "2", 1)) == [
        (Role.BASIC_LINES, "comissio-executiva", "comissió executiva"),
        (Role.BASIC_LINES, "comissio-tecnica", "comissió tècnica"),
        (Role.EXECUTION, None, "qui correspongui segons el cas"),
        (Role.EXECUTION, None, "socis XMESS"),
    ]
    assert _pairs(_action(plan, "III", "1", 2)) == [
        (Role.BASIC_LINES, "comissio-tecnica", "comissió tècnica"),
        (Role.EXECUTION, None, "externalització a servei especialitzat"),
        (Role.EXECUTION, "secretaria-tecnica", "secretaria tècnica"),
    ]
    story = _action(plan, "III", "3", 1)
    assert _pairs(story) == [
        (Role.EXECUTION, "comissio-promotora", "comissió promotora a l'inici"),
        (
            Role.EXECUTION,
            "comissio-tecnica",
            "comissió tècnica per a donar continuïtat",
        ),
        (Role.SUPPORT, "secretaria-tecnica", "secretaria tècnica"),
    ]
    last = _action(plan, "III", "3", 2)
    assert last.text == "Elaborar el codi ètic: principis i valors de la XMESS"
    assert _pairs(last) == [(Role.WORK_LINES, "comissio-tecnica", "comissió tècnica")]
    assert Responsibility.objects.filter(body__isnull=True, members=False).count() == 11


def test_body_names_match_case_and_accent_insensitively(bodies):
    matcher = BodyMatcher(bodies.values())

    result = parse_who("- EXECUCIO: COMISSIO TECNICA i Secretaria Tecnica", matcher)

    assert [(r.role, r.body_id) for r in result] == [
        (Role.EXECUTION, bodies["technical"].pk),
        (Role.EXECUTION, bodies["secretariat"].pk),
    ]


def test_free_text_with_conjunctions_stays_whole(bodies):
    matcher = BodyMatcher(bodies.values())

    result = parse_who("- Suport: entitats i moviments socials", matcher)

    assert [(r.body_id, r.text) for r in result] == [
        (None, "entitats i moviments socials")
    ]


def test_reimporting_the_same_file_changes_nothing(bodies, seed_bytes):
    plan_import(data=seed_bytes)
    before = _history_rows()

    report = plan_import(data=seed_bytes)

    assert not report.created
    assert report.changes == []
    assert _history_rows() == before
    assert Action.objects.count() == 34


def test_edited_file_updates_in_place_and_keeps_progress(
    bodies, seed_bytes, secretariat_user
):
    plan = plan_import(data=seed_bytes).plan
    edited_action = _action(plan, "I", "1", 2)
    ProgressUpdate.objects.create(
        action=edited_action, status="in_progress", percent=40
    )
    text = seed_bytes.decode()
    text = text.replace(
        "Promoure la realització de mapeig/diagnosi",
        "Promoure i acompanyar la realització de mapeig/diagnosi",
    )
    # A mark in the 2018 first-semester cell of the last action, and a new action.
    text = text.replace(
        "- Línies de treball: comissió tècnica\t\t\t\t",
        "- Línies de treball: comissió tècnica\t\tX\t\t\n"
        "\tRevisar el codi ètic cada any\t- Execució: comissió tècnica\t\t\t\t",
    )

    report = plan_import(data=text.encode())

    assert not report.created
    assert Action.objects.count() == 35
    edited_action.refresh_from_db()
    assert edited_action.text.startswith("Promoure i acompanyar")
    assert edited_action.updates.count() == 1
    last = _action(plan, "III", "3", 2)
    assert [p.period.label for p in last.planned_periods.all()] == ["2018 1er Semestre"]
    assert [p.mark for p in last.planned_periods.all()] == ["X"]
    assert _action(plan, "III", "3", 3).text == "Revisar el codi ètic cada any"
    assert any("Revisar el codi ètic" in change for change in report.changes)


def test_action_removed_from_the_file_is_kept_when_it_has_progress(bodies, seed_bytes):
    plan = plan_import(data=seed_bytes).plan
    action = _action(plan, "III", "3", 2)
    ProgressUpdate.objects.create(action=action, status="in_progress", percent=10)
    lines = seed_bytes.decode().splitlines()
    text = "\n".join(line for line in lines if "Elaborar el codi ètic" not in line)

    report = plan_import(data=text.encode())

    assert Action.objects.filter(pk=action.pk).exists()
    assert report.warnings


def test_dry_run_reports_changes_and_writes_nothing(bodies, seed_bytes):
    report = plan_import(data=seed_bytes, dry_run=True)

    assert report.dry_run
    assert report.counts == {"lines": 3, "objectives": 7, "actions": 34}
    assert len(report.changes) > 34
    assert Plan.objects.count() == 0
    assert Action.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"", None),
        (b"\n\n  \n", None),
        (b"\x00\x01\x02binary\x00junk", 1),
        (
            "OBJECTIUS PLA\tPROPOSTES\tQUI?\t2017\nLínia estratègica I. Ú\t\t\t\n".encode(
                "latin-1"
            ),
            2,
        ),
        (b"name,email\nAnna,anna@example.org\n", 1),
    ],
    ids=["empty", "blank", "binary", "latin-1", "wrong-columns"],
)
def test_malformed_files_are_refused_naming_the_line(bodies, data, line):
    with pytest.raises(WorkplanFileError) as caught:
        plan_import(data=data)

    assert caught.value.errors[0][0] == line
    if line:
        assert f"{line}:" in str(caught.value)
    assert Plan.objects.count() == 0


def test_unknown_role_is_refused_with_its_line_and_nothing_written(bodies, seed_bytes):
    text = seed_bytes.decode().replace(
        "- Línies de treball: comissió tècnica", "- Coordinació: comissió tècnica"
    )

    with pytest.raises(WorkplanFileError) as caught:
        plan_import(data=text.encode())

    assert caught.value.errors[0][0] == 47
    assert "Coordinació" in caught.value.errors[0][1]
    assert Plan.objects.count() == 0 and Action.objects.count() == 0


def test_an_action_row_before_any_objective_is_refused(bodies):
    text = (
        "OBJECTIUS PLA 2020-2023\tPROPOSTES\tQUI?\t2020\n"
        "Línia estratègica I. U\t\t\t\n"
        "\tUna acció\t- Execució: comissió tècnica\t\n"
    )
    with pytest.raises(WorkplanFileError) as caught:
        plan_import(data=text.encode())

    assert caught.value.errors[0][0] == 3


def test_xlsx_with_the_same_layout_imports_the_same_plan(bodies, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in SEED_FILE.read_text(encoding="utf-8").split("\n"):
        cells = row.split("\t")
        sheet.append([int(c) if c.isdigit() else (c or None) for c in cells])
    sheet.merge_cells("E2:F2")  # 2018 spans its two semesters, as in the spreadsheet
    path = tmp_path / "pla.xlsx"
    workbook.save(path)

    report = plan_import(data=path.read_bytes(), filename=path.name)

    assert report.counts == {"lines": 3, "objectives": 7, "actions": 34}
    assert Action.objects.count() == 34
    assert report.plan.periods.count() == 4
    # The same plan as the TSV: importing the TSV now changes nothing.
    assert plan_import(data=SEED_FILE.read_bytes()).changes == []


def test_import_command_dry_run_prints_and_writes_nothing(bodies, tmp_path):
    out = StringIO()

    call_command("import_workplan", str(SEED_FILE), "--dry-run", stdout=out)

    assert "34 actions" in out.getvalue()
    assert "nothing written" in out.getvalue()
    assert Plan.objects.count() == 0


def test_import_command_imports_and_refuses_a_bad_file(bodies, tmp_path):
    out = StringIO()
    call_command("import_workplan", str(SEED_FILE), stdout=out)
    assert Action.objects.count() == 34

    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"hello\tworld\n")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_workplan", str(bad), stdout=StringIO())


def _without_last_column(data: bytes) -> bytes:
    """The seed with its last timeline column (2019 1er Semestre) cut off, as
    an edited copy that lost a column."""
    rows = data.decode().split("\n")
    return "\n".join(
        "\t".join(row.split("\t")[:-1]) if "\t" in row else row for row in rows
    ).encode()


def _marks_2019(plan) -> int:
    return Period.objects.get(
        plan=plan, label="2019 1er Semestre"
    ).planned_actions.count()


def test_a_file_without_a_timeline_column_is_refused_naming_it(bodies, seed_bytes):
    from django.utils import translation

    translation.activate("en")  # the messages below are read in English
    from teixit.workplans.models import PlannedPeriod

    plan = plan_import(data=seed_bytes).plan
    period = Period.objects.get(plan=plan, label="2019 1er Semestre")
    for action in Action.objects.for_plan(plan)[:3]:
        PlannedPeriod.objects.create(action=action, period=period, mark="X")
    marks = _marks_2019(plan)
    assert marks == 3
    before = _history_rows()

    for dry_run in (True, False):
        with pytest.raises(WorkplanFileError) as caught:
            plan_import(data=_without_last_column(seed_bytes), dry_run=dry_run)
        message = caught.value.errors[0][1]
        assert "2019 1er Semestre" in message
        assert f"{marks} planned marks" in message

    assert plan.periods.count() == 4
    assert _marks_2019(plan) == marks
    assert _history_rows() == before


def test_a_file_without_a_timeline_column_removes_it_when_allowed(bodies, seed_bytes):
    plan = plan_import(data=seed_bytes).plan

    report = plan_import(data=_without_last_column(seed_bytes), allow_removals=True)

    assert any("2019 1er Semestre" in change for change in report.changes)
    assert list(plan.periods.order_by("order").values_list("label", flat=True)) == [
        "2017",
        "2018 1er Semestre",
        "2018 2on semestre",
    ]


def test_import_command_refuses_a_lost_column_unless_allow_removals(
    bodies, seed_bytes, tmp_path
):
    call_command("import_workplan", str(SEED_FILE), stdout=StringIO())
    edited = tmp_path / "pla-editat.tsv"
    edited.write_bytes(_without_last_column(seed_bytes))

    with pytest.raises(CommandError, match="2019 1er Semestre"):
        call_command("import_workplan", str(edited), stdout=StringIO())
    assert Period.objects.count() == 4

    call_command("import_workplan", str(edited), "--allow-removals", stdout=StringIO())
    assert Period.objects.count() == 3


def test_a_comma_separated_file_is_told_to_be_saved_as_tab_separated(
    bodies, seed_bytes
):
    from django.utils import translation

    translation.activate("en")  # the messages below are read in English
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    for row in seed_bytes.decode().split("\n"):
        if row.strip():
            writer.writerow(row.split("\t"))

    with pytest.raises(WorkplanFileError) as caught:
        plan_import(data=out.getvalue().encode())

    assert caught.value.errors == [
        (
            None,
            "This file is separated by commas; save it as tab-separated text or .xlsx.",
        )
    ]
    assert Plan.objects.count() == 0


def test_seed_socis_are_the_members_not_a_body(bodies, seed_bytes):
    plan = plan_import(data=seed_bytes).plan

    by_members = Action.objects.for_plan(plan).filter(
        responsibilities__members=True, responsibilities__role=Role.EXECUTION
    )
    assert by_members.distinct().count() == 6
    for action in by_members:
        assert executed_by_members(action)
    assert not Body.objects.filter(name__icontains="socis").exists()
    assert not Responsibility.objects.filter(members=True, body__isnull=False).exists()


def test_socis_win_over_an_old_body_with_their_words_as_aliases(bodies, seed_bytes):
    """A network whose old "Assemblea de socis" still lists the words as
    aliases: the importer reads them as the members all the same."""
    BodyFactory(
        kind="assembly",
        name="Assemblea de socis",
        slug="assemblea",
        aliases="socis XMESS\nsocis de la XMESS\nel socis de la XMESS",
    )
    plan = plan_import(data=seed_bytes).plan

    assert not Responsibility.objects.filter(
        action__objective__line__plan=plan, body__slug="assemblea"
    ).exists()
    assert (
        Responsibility.objects.filter(
            action__objective__line__plan=plan, members=True
        ).count()
        == 6
    )
