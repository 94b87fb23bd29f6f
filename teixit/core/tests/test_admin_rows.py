"""The admin's list rows written cheaper (teixit/core/admin.py): each row's
address from the change page's address reversed once, its checkbox without a
widget; the same HTML as Django's."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils import translation

from teixit.accounts.tests.factories import UserFactory
from teixit.core.admin import TeixitChangeList, TeixitModelAdmin
from teixit.network.models import Member
from teixit.network.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_every_teixit_admin_lists_with_the_keyed_change_list():
    admins = [
        m for m in admin.site._registry.values() if isinstance(m, TeixitModelAdmin)
    ]
    assert len(admins) > 40
    for model_admin in admins:
        assert model_admin.get_changelist(None) is TeixitChangeList


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_checkbox_as_djangos(language):
    model_admin = admin.site._registry[Member]
    for pk, name in [(7, 'A <b> & "c" d\'e'), (123456, "l'Ajuntament"), (1, "")]:
        member = Member(pk=pk, name=name)
        with translation.override(language):
            assert model_admin.action_checkbox(
                member
            ) == admin.ModelAdmin.action_checkbox(model_admin, member)


@pytest.mark.parametrize("prefix", ["", "/es", "/en"])
def test_a_change_list_page_is_djangos_byte_for_byte(client, prefix, monkeypatch):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for name in ['Cooperativa <Sant> & "Martí"', "l'Escola", "Ateneu"]:
        MemberFactory(name=name)
    with translation.override("ca"):  # Catalan's addresses have no prefix
        url = prefix + reverse("admin:network_member_changelist")
    ours = client.get(url)
    assert ours.status_code == 200
    html = ours.content.decode()
    assert html.count('class="action-select"') == Member.objects.count()
    model_admin = admin.site._registry[Member]
    monkeypatch.setattr(model_admin, "get_changelist", lambda request, **kw: ChangeList)
    monkeypatch.setattr(
        model_admin,
        "action_checkbox",
        lambda obj: admin.ModelAdmin.action_checkbox(model_admin, obj),
    )
    djangos = client.get(url).content.decode()
    assert _TOKEN.sub("", html) == _TOKEN.sub("", djangos)
    for member in Member.objects.all():
        with translation.override("ca"):
            change = reverse("admin:network_member_change", args=[member.pk])
        assert f'href="{prefix}{change}' in html


def test_an_optional_relation_shown_as_a_column_is_read_with_the_rows(client):
    """A member's comarca (optional) is a column of the members' list: one
    query for the rows whatever their number, as Django does for a relation
    that cannot be empty."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("admin:network_member_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    created = MemberFactory.create_batch(2)
    queries()  # the first request of a person writes their visit
    few = queries()
    created += MemberFactory.create_batch(6)
    many = queries()
    assert len(many) == len(few), "\n".join(many)
    # (The comarca filter's list of every comarca is one query.)
    assert not [sql for sql in many if '"territories_comarca"."id" = ' in sql]
    rows = [sql for sql in many if 'FROM "network_member"' in sql and "JOIN" in sql]
    assert rows and '"territories_comarca"' in rows[0]
    html = client.get(url, {"q": "Ajuntament"}).content.decode()
    for member in created:
        assert f'<td class="field-comarca nowrap">{member.comarca}</td>' in html


class _Crafted(admin.ModelAdmin):
    """A members' admin whose columns take each of `lookup_field`'s branches."""

    list_display = [
        "name",  # a field, the link
        "kind",  # choices
        "comarca",  # a relation
        "joined_on",  # a date: nowrap
        "id",  # an auto-created field
        "admin_method",  # the admin's method, its empty text and boolean
        "raising",  # the admin's method raising ObjectDoesNotExist
        "comarca__name",  # a path
        "nowhere__at_all",  # a path that stops
        "left_on",  # empty date
        "flagged",  # the model's property (set on the model below)
        "today",  # a method returning a date: nowrap per cell
    ]
    list_display_links = ["name", "kind"]

    @admin.display(boolean=True)
    def admin_method(self, obj):
        return None if obj.name.startswith("l'") else obj.pk % 2 == 0

    @admin.display(empty_value="(cap)")
    def raising(self, obj):
        if obj.comarca_id is None:
            raise Member.DoesNotExist
        return ""

    def today(self, obj):
        import datetime

        return datetime.date(2026, 12, 5) if obj.pk % 2 else "  "


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@pytest.mark.parametrize(
    "query", ["", "?o=-2.1&q=a", "?_popup=1", "?kind__exact=municipality"]
)
def test_every_kind_of_column_as_djangos(rf, language, query, monkeypatch):
    """`admin_rows.items_for_result` against Django's, cell by cell, on
    columns of every branch: fields, choices (a value outside them), a
    relation, dates, the admin's methods (boolean, empty text, raising), paths
    (one that stops), the model's property; linked, filtered, as a popup."""
    from django.contrib.admin.templatetags import admin_list

    from teixit.core import admin_rows

    monkeypatch.setattr(
        Member, "flagged", property(lambda self: self.pk % 3 == 0), raising=False
    )
    Member.flagged.fget.boolean = True
    made = [
        MemberFactory(name='A <b> & "c"'),
        MemberFactory(name="l'Ajuntament", comarca=None, joined_on=None),
        MemberFactory(name="Ateneu", official_code=" "),
    ]
    Member.objects.filter(pk=made[2].pk).update(kind="no-such-kind")
    user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = _Crafted(Member, admin.site)
    request = rf.get(reverse("admin:network_member_changelist") + query)
    request.user = user
    with translation.override(language):
        cl = model_admin.get_changelist_instance(request)
        cl.formset = None
        rows = list(cl.result_list)
        assert len(rows) >= 2
        ours = [list(admin_rows.items_for_result(cl, row, None)) for row in rows]
        djangos = [list(admin_rows._DJANGOS[0](cl, row, None)) for row in rows]
    assert ours == djangos
    assert admin_list.items_for_result is admin_rows.items_for_result
    cells = "".join("".join(row) for row in ours)
    if not query.startswith("?kind"):  # every row (the filter keeps two)
        for text in ("nowrap", "(cap)", "icon-yes", "icon-unknown", "<th", "&lt;b&gt;"):
            assert text in cells, text
