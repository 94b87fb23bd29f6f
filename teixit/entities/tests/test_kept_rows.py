"""The rows of the selects of members, municipalities and concepts, kept by the
register stamp (`teixit.core.kept_rows`): read once while nothing is written,
and exactly the database's rows after any write, however it is made."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teixit.core import kept_rows
from teixit.network.models import Member
from teixit.network.tests.factories import MemberFactory
from teixit.practices.forms import PracticeFilterForm
from teixit.vocabulary.models import Concept
from teixit.vocabulary.tests.factories import ConceptFactory


def members_read():
    """(the rows, whether the members' table was read)."""
    with CaptureQueriesContext(connection) as queries:
        rows = kept_rows.rows(
            Member.objects.order_by("name").values_list("slug", "name")
        )
    read = any('"network_member"' in q["sql"] for q in queries.captured_queries)
    return rows, read


def expected():
    return list(Member.objects.order_by("name").values_list("slug", "name"))


@pytest.mark.django_db(transaction=True)
def test_the_members_rows_are_read_once_until_a_member_is_written():
    a = MemberFactory(name="Ajuntament de Vic", slug="vic")
    MemberFactory(name="Ajuntament de Berga", slug="berga")
    rows, read = members_read()
    assert read and rows == expected()
    rows, read = members_read()
    assert not read, "the second select read the members again"
    assert rows == expected()

    # Every kind of write, signals or not, gives the database's rows at once.
    Member.objects.filter(pk=a.pk).update(name="Ajuntament de Vic (nou)")
    rows, read = members_read()
    assert read and ("vic", "Ajuntament de Vic (nou)") in rows
    c = MemberFactory(name="Ajuntament de Manlleu", slug="manlleu")
    assert members_read()[0] == expected()
    with connection.cursor() as cursor:  # raw SQL
        cursor.execute(
            "UPDATE network_member SET slug = 'manlleu-2' WHERE id = %s", [c.pk]
        )
    assert ("manlleu-2", "Ajuntament de Manlleu") in members_read()[0]
    Member.objects.filter(pk=c.pk).delete()
    rows = members_read()[0]
    assert rows == expected() and len(rows) == 2
    assert not members_read()[1], "kept again once nothing is written"


@pytest.mark.django_db
def test_a_transaction_that_wrote_reads_its_own_writes():
    """Inside a transaction (a request under ATOMIC_REQUESTS, a test): on
    SQLite the triggers stamp at once, on PostgreSQL the stamp is not used."""
    a = MemberFactory(name="Ajuntament de Vic", slug="vic")
    assert members_read()[0] == [("vic", "Ajuntament de Vic")]
    Member.objects.filter(pk=a.pk).update(name="Vic")
    assert members_read()[0] == [("vic", "Vic")]


@pytest.mark.django_db
def test_rows_of_a_table_no_stamp_covers_are_read_every_time():
    MemberFactory(name="Ajuntament de Vic", slug="vic")
    user_model = get_user_model()
    for _ in range(2):
        # Members joined with a table no trigger stamps (people): never kept.
        people = Member.objects.filter(
            pk__in=user_model.objects.values("pk")
        ).values_list("slug", flat=True)
        with CaptureQueriesContext(connection) as queries:
            kept_rows.rows(people)
        assert any('"network_member"' in q["sql"] for q in queries.captured_queries)


def test_only_statements_over_stamped_tables_are_covered():
    assert kept_rows.covered('SELECT "network_member"."id" FROM "network_member"')
    assert kept_rows.covered(
        'SELECT 1 FROM "network_member" INNER JOIN "territories_municipality" ON (1)'
    )
    assert not kept_rows.covered(
        'SELECT 1 FROM "network_member" WHERE id IN (SELECT id FROM "accounts_user")'
    )
    assert not kept_rows.covered("SELECT 1 FROM json_each(?)")
    assert not kept_rows.covered("SELECT 1 FROM (SELECT 1) AS x")
    assert not kept_rows.covered('SELECT 1 FROM "entities_entity"')
    assert not kept_rows.covered("SELECT 1")


@pytest.mark.django_db(transaction=True)
def test_the_practices_filter_reads_the_members_once(rf):
    MemberFactory(name="Ajuntament de Vic", slug="vic")
    PracticeFilterForm(data={})["member"].as_widget()
    with CaptureQueriesContext(connection) as queries:
        html = str(PracticeFilterForm(data={})["member"].as_widget())
    assert not any('"network_member"' in q["sql"] for q in queries.captured_queries)
    assert '<option value="vic">Ajuntament de Vic</option>' in html
    Member.objects.filter(slug="vic").update(name="Ajuntament de Vic (nou)")
    html = str(PracticeFilterForm(data={})["member"].as_widget())
    assert '<option value="vic">Ajuntament de Vic (nou)</option>' in html


@pytest.mark.django_db(transaction=True)
def test_a_model_select_of_concepts_is_kept_and_follows_a_rename():
    """The site's and the admin's model selects (`core.form_renderer`)."""
    from django import forms

    concept = ConceptFactory(
        label_ca="Alimentació", label_es="Alimentació", label_en="Alimentació"
    )

    class Form(forms.Form):
        concept = forms.ModelChoiceField(queryset=Concept.objects.order_by("pk"))

    assert "Alimentació" in str(Form()["concept"])
    with CaptureQueriesContext(connection) as queries:
        html = str(Form()["concept"])
    assert "Alimentació" in html
    assert not any('"vocabulary_concept"' in q["sql"] for q in queries.captured_queries)
    Concept.objects.filter(pk=concept.pk).update(
        label_ca="Menjar", label_es="Menjar", label_en="Menjar"
    )
    html = str(Form()["concept"])
    assert "Menjar" in html and "Alimentació" not in html


@pytest.mark.django_db
def test_an_empty_queryset_is_answered_as_django_answers_it():
    MemberFactory(name="Ajuntament de Vic", slug="vic")
    with CaptureQueriesContext(connection) as queries:
        assert kept_rows.rows(Member.objects.none().values_list("slug")) == []
        assert (
            kept_rows.rows(Member.objects.filter(pk__in=[]).values_list("slug")) == []
        )
    assert not queries.captured_queries


@pytest.mark.django_db(transaction=True)
def test_a_kept_selects_options_follow_the_choice_and_the_language(monkeypatch):
    """The options made of kept rows are kept per chosen value and language:
    written once, never another choice's mark or another language's label."""
    from django import forms
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from teixit.core import form_renderer

    vic = MemberFactory(name="Ajuntament de Vic", slug="vic")
    berga = MemberFactory(name="Ajuntament de Berga", slug="berga")

    class Form(forms.Form):
        member = forms.ModelChoiceField(
            queryset=Member.objects.order_by("name"), empty_label=gettext_lazy("Any")
        )

    written = []
    real = form_renderer._options_html
    monkeypatch.setattr(
        form_renderer,
        "_options_html",
        lambda *args: written.append(args[1]) or real(*args),
    )

    def select(value, language="ca"):
        with translation.override(language):
            return str(Form(initial={"member": value})["member"])

    first = select(vic.pk)
    assert f'<option value="{vic.pk}" selected>Ajuntament de Vic</option>' in first
    assert "Qualsevol" in first
    assert select(vic.pk) == first
    other = select(berga.pk)
    assert f'<option value="{berga.pk}" selected>' in other
    assert f'<option value="{vic.pk}" selected>' not in other
    assert select(vic.pk) == first
    assert "Cualquiera" in select(vic.pk, "es") or "Any" in select(vic.pk, "es")
    assert "Qualsevol" not in select(vic.pk, "es")
    assert len(written) == 3, "each choice and language written once"
    # A member renamed: new rows, new options.
    Member.objects.filter(pk=vic.pk).update(name="Vic")
    assert f'<option value="{vic.pk}" selected>Vic</option>' in select(vic.pk)
