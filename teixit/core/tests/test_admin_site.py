"""Issue 19: the admin's app list cheaper, the same list and the same HTML.

- `TeixitAdminSite` (teixit/core/admin_site.py) builds the same app list as
  Django's `AdminSite` for every kind of person, in every language;
- `app_list_html` (teixit/core/templatetags/teixit_admin.py) writes the same
  characters as Django's `admin/app_list.html`;
- `User.has_perm` / `has_module_perms` (teixit/accounts/models.py) give the
  same answers as Django's walk over the backends, and a permission granted or
  taken away shows on the next request.
"""

from pathlib import Path

import django.contrib.admin
import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import Group, Permission
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from teixit.accounts.models import User
from teixit.accounts.tests.factories import UserFactory
from teixit.core.admin_site import TeixitAdminSite

pytestmark = pytest.mark.django_db

DJANGO_APP_LIST = (
    Path(django.contrib.admin.__file__).parent / "templates" / "admin" / "app_list.html"
)


def _request(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def _django_app_list(request, app_label=None):
    """Django's own `AdminSite.get_app_list`, over our registry."""
    return AdminSite.get_app_list(admin.site, request, app_label)


def _comparable(app_list):
    return [
        {
            **app,
            "name": str(app["name"]),
            "models": [
                {**model, "name": str(model["name"])} for model in app["models"]
            ],
        }
        for app in app_list
    ]


@pytest.fixture
def people(secretariat_user, technician_user, body_member_user, superuser):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_entity"),
        Permission.objects.get(codename="add_province"),
    )
    return {
        "secretariat": secretariat_user,
        "technician": technician_user,
        "body member": body_member_user,
        "superuser": superuser,
        "staff with two model permissions": staff,
        "nobody": UserFactory(is_staff=True),
    }


def test_admin_site_is_teixits():
    assert admin.site.name == "admin"  # the lazy default site, set up
    assert isinstance(admin.site._wrapped, TeixitAdminSite)


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_app_list_is_djangos(people, language):
    with translation.override(language):
        for role, person in people.items():
            for label in (None, "entities", "network", "auth"):
                ours = admin.site.get_app_list(
                    _request(User.objects.get(pk=person.pk)), label
                )
                theirs = _django_app_list(
                    _request(User.objects.get(pk=person.pk)), label
                )
                assert _comparable(ours) == _comparable(theirs), (role, label)
                assert [a["app_label"] for a in ours] == [
                    a["app_label"] for a in theirs
                ]


def test_app_list_built_once_per_request(people):
    request = _request(User.objects.get(pk=people["technician"].pk))
    first = admin.site.get_app_list(request)
    first[0]["models"].clear()  # a caller's copy: changing it changes nothing
    second = admin.site.get_app_list(request)
    assert second and second[0]["models"]
    assert _comparable(second) == _comparable(
        _django_app_list(_request(User.objects.get(pk=people["technician"].pk)))
    )


def _render_both(context):
    django_template = engines["django"].from_string(DJANGO_APP_LIST.read_text())
    ours = engines["django"].get_template("admin/app_list.html")
    assert "app_list_html" in ours.template.source
    return ours.render(context), django_template.render(context)


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@pytest.mark.parametrize("show_changelinks", [True, False])
def test_app_list_html_is_djangos(people, language, show_changelinks):
    with translation.override(language):
        paths = [
            "/admin/",
            reverse("admin:entities_entity_changelist"),
            reverse("admin:entities_entity_add"),
            reverse("admin:app_list", args=["network"]),
            "/admin/entities/entity/1/change/?q=a b",
        ]
        for role, person in people.items():
            for path in paths:
                request = _request(User.objects.get(pk=person.pk), path)
                app_list = admin.site.get_app_list(request)
                context = {
                    "app_list": app_list,
                    "show_changelinks": show_changelinks,
                    "request": request,
                }
                ours, theirs = _render_both(context)
                assert ours == theirs, (role, path)
        # no app at all, and an app whose model may only be added
        ours, theirs = _render_both({"app_list": [], "request": request})
        assert ours == theirs
        odd = [
            {
                "name": "A & B",
                "app_label": "x",
                "app_url": "/admin/x/",
                "models": [
                    {
                        "name": "<M>",
                        "object_name": "Model",
                        "admin_url": None,
                        "add_url": "/admin/x/model/add/",
                        "perms": {"add": True},
                    },
                    {
                        "name": "N",
                        "object_name": "N",
                        "admin_url": "/admin/x/n/",
                        "add_url": None,
                        "view_only": True,
                        "perms": {"view": True},
                    },
                ],
            }
        ]
        ours, theirs = _render_both(
            {
                "app_list": odd,
                "request": _request(people["nobody"], "/admin/x/n/"),
                "show_changelinks": show_changelinks,
            }
        )
        assert ours == theirs


def test_sidebar_and_index_pages_unchanged(client_for, people):
    """The whole pages through the test client: our template in place."""
    client = client_for(people["secretariat"])
    page = client.get(reverse("admin:entities_entity_changelist")).content.decode()
    assert 'id="nav-sidebar"' in page
    assert 'class="model-entity current-model"' in page
    index = client.get(reverse("admin:index")).content.decode()
    assert 'class="changelink"' in index


def _djangos_has_perm(user, perm, obj=None):
    if user.is_active and user.is_superuser:
        return True
    return auth_models._user_has_perm(user, perm, obj)


def _djangos_has_module_perms(user, app_label):
    if user.is_active and user.is_superuser:
        return True
    return auth_models._user_has_module_perms(user, app_label)


def test_has_perm_answers_as_the_backends(people):
    codenames = [
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    ]
    labels = sorted({c.split(".")[0] for c in codenames})
    for role, person in people.items():
        ours = User.objects.get(pk=person.pk)
        theirs = User.objects.get(pk=person.pk)
        for codename in codenames:
            assert ours.has_perm(codename) == _djangos_has_perm(theirs, codename), (
                role,
                codename,
            )
            # twice: the kept answer
            assert ours.has_perm(codename) == _djangos_has_perm(theirs, codename)
        for label in labels:
            assert ours.has_module_perms(label) == _djangos_has_module_perms(
                theirs, label
            ), (role, label)
        assert ours.has_perms(codenames[:5]) == all(
            _djangos_has_perm(theirs, c) for c in codenames[:5]
        )


def test_flags_are_read_every_time(people):
    user = User.objects.get(pk=people["nobody"].pk)
    assert not user.has_perm("entities.view_entity")
    user.is_superuser = True
    assert user.has_perm("entities.view_entity")
    assert user.has_module_perms("entities")
    user.is_superuser = False
    user.is_active = False
    assert not user.has_perm("entities.view_entity")


def test_permission_granted_and_taken_shows_on_next_request(client_for, people):
    person = people["nobody"]
    client = client_for(person)
    url = reverse("admin:auth_group_changelist")
    index = reverse("admin:index")
    assert client.get(url).status_code == 403
    assert "model-group" not in client.get(index).content.decode()

    group = Group.objects.create(name="group readers")
    group.permissions.add(Permission.objects.get(codename="view_group"))
    person.groups.add(group)
    assert client.get(url).status_code == 200
    assert 'class="model-group' in client.get(index).content.decode()

    person.groups.remove(group)
    assert client.get(url).status_code == 403
    assert "model-group" not in client.get(index).content.decode()


def test_roles_granted_show_on_next_request(client_for, secretariat_body):
    from teixit.network.tests.factories import BodyMembershipFactory

    person = UserFactory(is_staff=True)
    client = client_for(person)
    url = reverse("admin:auth_group_changelist")
    assert client.get(url).status_code == 403
    BodyMembershipFactory(user=person, body=secretariat_body)
    assert client.get(url).status_code == 200
    assert 'class="model-group' in client.get(reverse("admin:index")).content.decode()


def test_forget_roles_forgets_permission_answers(secretariat_body):
    from teixit.network.roles import forget_roles
    from teixit.network.tests.factories import BodyMembershipFactory

    person = User.objects.get(pk=UserFactory(is_staff=True).pk)
    assert not person.has_perm("network.change_body")
    BodyMembershipFactory(user=person, body=secretariat_body)
    forget_roles(person)
    assert person.has_perm("network.change_body")


def _django_app_dict(request, label=None):
    """Django's own `AdminSite._build_app_dict`: every admin's permission
    methods called, every URL reversed."""
    return AdminSite._build_app_dict(admin.site, request, label)


@pytest.mark.parametrize("language", ["ca", "en"])
def test_permission_questions_answer_as_the_admins_methods(people, language):
    """The questions put to the person directly (`_permission_plan`) give
    the admins' own answers: the same models, the same perms, for everyone,
    the overriding admins (directory, wiki, indicator values…) included."""
    with translation.override(language):
        for role, person in people.items():
            for label in (None, "directory", "diagnosis", "accounts", "auth"):
                ours = admin.site._build_app_dict(
                    _request(User.objects.get(pk=person.pk)), label
                )
                theirs = _django_app_dict(
                    _request(User.objects.get(pk=person.pk)), label
                )
                assert _comparable(list(ours.values())) == _comparable(
                    list(theirs.values())
                ), (role, label)


def test_an_overridden_permission_method_is_asked(people, monkeypatch):
    """An admin class whose permission method is its own is asked through it
    (the plan of each admin is made again when its class changes here)."""
    from teixit.vocabulary.models import Concept

    concept_admin = admin.site._registry[Concept]
    asked = []

    def has_add_permission(self, request):
        asked.append(request)
        return False

    monkeypatch.setattr(type(concept_admin), "has_add_permission", has_add_permission)
    monkeypatch.setattr(admin.site._wrapped, "_plans", {})
    request = _request(User.objects.get(pk=people["secretariat"].pk))
    vocabulary = admin.site.get_app_list(request, "vocabulary")[0]
    concept = next(m for m in vocabulary["models"] if m["object_name"] == "Concept")
    assert asked == [request]
    assert concept["perms"]["add"] is False and concept["add_url"] is None


def test_app_list_rows_follow_their_model(people):
    """The rows written once are kept by everything they are written from:
    a model whose links or name change is written anew."""
    request = _request(people["nobody"], "/admin/x/n/")
    model = {
        "name": "N",
        "object_name": "N",
        "admin_url": "/admin/x/n/",
        "add_url": "/admin/x/n/add/",
        "view_only": False,
        "perms": {"add": True, "change": True},
    }
    app = {"name": "X", "app_label": "x", "app_url": "/admin/x/", "models": [model]}
    variants = [
        {},
        {"view_only": True},
        {"add_url": None},
        {"admin_url": None},
        {"name": "N & <b>"},
        {"admin_url": "/admin/x/other/"},
        # the same characters, known safe or not, lazy: each as the template
        # writes it (a row kept by a plain text is not another's)
        {"name": mark_safe("N &amp; <i>")},
        {"name": "N &amp; <i>"},
        {"name": gettext_lazy("Search")},
        {"name": "Search"},
    ]
    for show_changelinks in (True, False):
        for change in variants:
            context = {
                "app_list": [{**app, "models": [{**model, **change}]}],
                "request": request,
                "show_changelinks": show_changelinks,
            }
            ours, theirs = _render_both(context)
            assert ours == theirs, change


def test_a_granted_persons_rows_are_kept_and_not_shared_out(people):
    """The secretariat and a superuser have every permission: their rows are
    the same for each, kept with the names and URLs; a caller that changes
    the list it gets changes neither the next list nor anyone else's."""
    for role in ("secretariat", "superuser"):
        request = _request(User.objects.get(pk=people[role].pk))
        first = admin.site.get_app_list(request)
        for app in first:
            for model in app["models"]:
                model["perms"]["add"] = False
                model["name"] = "changed"
            app["models"].clear()
        again = admin.site.get_app_list(_request(User.objects.get(pk=people[role].pk)))
        theirs = _django_app_list(_request(User.objects.get(pk=people[role].pk)))
        assert _comparable(again) == _comparable(theirs), role
        assert all(
            m["perms"]["add"] for app in again for m in app["models"] if m["add_url"]
        )
    technician = admin.site.get_app_list(
        _request(User.objects.get(pk=people["technician"].pk))
    )
    assert _comparable(technician) == _comparable(
        _django_app_list(_request(User.objects.get(pk=people["technician"].pk)))
    )


def test_a_granted_person_is_asked_only_through_the_admins_own_methods(
    people, monkeypatch
):
    from teixit.core import admin_site

    asked = []
    ask = admin_site._ask

    def counted(model_admin, *args):
        asked.append(model_admin)
        return ask(model_admin, *args)

    monkeypatch.setattr(admin_site, "_ask", counted)
    secretariat = User.objects.get(pk=people["secretariat"].pk)
    admin.site.get_app_list(_request(secretariat))
    kept = len(asked)
    for model_admin in asked:
        module, plan = admin_site._permission_plan(model_admin)
        row = admin_site._granted_row(
            model_admin.model, module, plan, admin.site._labels()
        )
        assert row is None, model_admin
    # without the kept rows, every admin whose plan it is gets asked
    asked.clear()
    monkeypatch.setattr(admin_site, "_everything_granted", lambda user: False)
    admin.site.get_app_list(_request(User.objects.get(pk=people["secretariat"].pk)))
    assert len(asked) > kept + 30


def test_app_list_html_keeps_apart_texts_that_know_their_html(people):
    """The rows and app openings are kept by their texts as given: a name
    that knows its HTML ("A &amp; B", marked safe) and the same characters
    as plain text (escaped once more) are two rows, each as Django writes it,
    whichever comes first; a lazy name as its text."""
    request = _request(people["nobody"], "/admin/x/n/")

    def one(app_name, model_name):
        return [
            {
                "name": app_name,
                "app_label": "x",
                "app_url": "/admin/x/",
                "models": [
                    {
                        "name": model_name,
                        "object_name": "N",
                        "admin_url": "/admin/x/n/",
                        "add_url": "/admin/x/n/add/",
                        "perms": {"change": True, "add": True},
                    }
                ],
            }
        ]

    texts = [
        ("A &amp; B", "M &amp; N"),
        (mark_safe("A &amp; B"), mark_safe("M &amp; N")),
        ("A &amp; B", "M &amp; N"),
        (gettext_lazy("Change"), gettext_lazy("Add")),
    ]
    written = []
    for app_name, model_name in texts:
        context = {"app_list": one(app_name, model_name), "request": request}
        ours, theirs = _render_both(context)
        assert ours == theirs, (type(app_name), app_name)
        written.append(ours)
    assert written[0] != written[1]
    assert written[0] == written[2]
    assert "A &amp;amp; B" in written[0] and "A &amp;amp; B" not in written[1]


def test_the_apps_names_are_texts_of_the_current_language(people):
    """The app list's app names are worked out once per language (the
    sidebar's openings are kept by them): texts, the app's name in that
    language."""
    from django.apps import apps

    for language in ("ca", "es", "en"):
        with translation.override(language):
            request = _request(User.objects.get(pk=people["secretariat"].pk))
            app_list = admin.site.get_app_list(request)
            assert app_list
            for app in app_list:
                assert type(app["name"]) is str
                verbose = apps.get_app_config(app["app_label"]).verbose_name
                assert app["name"] == str(verbose)


# -- app dictionaries kept across requests (`_kept_app_dict`) -------------------


def _count_builds(monkeypatch) -> list:
    built = []
    site = admin.site._wrapped
    original = type(site)._build_app_dict_now

    def counted(self, request, label=None):
        built.append(label)
        return original(self, request, label)

    monkeypatch.setattr(type(site), "_build_app_dict_now", counted)
    monkeypatch.setattr(site, "_kept", {})
    return built


def test_app_dict_kept_across_requests_for_those_asked(people, monkeypatch):
    """Everyone's app list is built once for all their requests (a new user
    object each, as each request has), the same as Django's every time: a
    technician's, a body member's, a staff member's, and the secretariat's
    and a superuser's (granted everything)."""
    built = _count_builds(monkeypatch)
    for role in (
        "technician",
        "body member",
        "staff with two model permissions",
        "secretariat",
        "superuser",
    ):
        built.clear()
        for _ in range(3):
            request = _request(User.objects.get(pk=people[role].pk))
            assert _comparable(admin.site.get_app_list(request)) == _comparable(
                _django_app_list(_request(User.objects.get(pk=people[role].pk)))
            ), role
        assert built == [None], role


def test_a_granted_persons_kept_list_follows_the_rules_that_exist(people, monkeypatch):
    """A person granted everything is asked nothing, but a row of an admin
    whose view permission is a django-rules rule shows only when the rule
    exists: a rule added or removed is a new list on the next request."""
    import rules

    built = _count_builds(monkeypatch)
    secretariat = people["secretariat"]
    for _ in range(2):
        admin.site.get_app_list(_request(User.objects.get(pk=secretariat.pk)))
    assert built == [None]
    rules.add_perm("teixit_tests.view_nothing", rules.always_allow)
    try:
        admin.site.get_app_list(_request(User.objects.get(pk=secretariat.pk)))
        assert built == [None, None]
    finally:
        rules.remove_perm("teixit_tests.view_nothing")
    admin.site.get_app_list(_request(User.objects.get(pk=secretariat.pk)))
    assert built == [None, None]  # the list of before, kept


def test_kept_app_dict_follows_roles_and_permissions(monkeypatch, secretariat_body):
    """Whatever the answers are read from changes the list on the next
    request: a member to work for, a body's seat, a model permission."""
    from teixit.network.tests.factories import (
        BodyMembershipFactory,
        TechnicianFactory,
    )

    _count_builds(monkeypatch)
    person = UserFactory(is_staff=True)

    def both():
        ours = admin.site.get_app_list(_request(User.objects.get(pk=person.pk)))
        theirs = _django_app_list(_request(User.objects.get(pk=person.pk)))
        assert _comparable(ours) == _comparable(theirs)
        return {m["object_name"] for app in ours for m in app["models"]}

    nothing = both()
    TechnicianFactory(user=person)
    technician = both()
    assert technician > nothing
    person.user_permissions.add(Permission.objects.get(codename="view_group"))
    with_groups = both()
    assert with_groups == technician | {"Group"}
    BodyMembershipFactory(user=person, body=secretariat_body)
    assert both() > with_groups


def test_app_dict_not_kept_when_a_rule_reads_data(people, monkeypatch):
    """An admin whose permission method reads the database (a rule about
    data, not roles) is asked again on every request: that build is not
    kept."""
    from teixit.vocabulary.models import Concept

    built = _count_builds(monkeypatch)
    concept_admin = admin.site._registry[Concept]
    answers = []

    def has_module_permission(self, request):
        answers.append(Concept.objects.exists())
        return answers[-1]

    monkeypatch.setattr(
        type(concept_admin), "has_module_permission", has_module_permission
    )
    monkeypatch.setattr(admin.site._wrapped, "_plans", {})
    for _ in range(2):
        admin.site.get_app_list(_request(User.objects.get(pk=people["technician"].pk)))
    assert built == [None, None]
    assert len(answers) == 2
