"""A request leaves no reference cycle behind: once its answer is done, its
objects (the request, session, user, messages, the template's context and
what the page read) are freed at once, not by Python's collector, whose
young-generation collections (~10 ms each) otherwise land in whichever
request comes next (bench/README.md, "The request without reference
cycles").

Each test runs with the collector off: an object still alive after its last
reference is dropped is held by a cycle."""

import asyncio
import gc
import weakref
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from teixit.core.middleware import AuthenticationMiddleware, MessageMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_collector():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


class Thing:
    """Something a page reads (a row, a form): weakly referenceable."""

    def __str__(self) -> str:
        return "a thing"


def _request_freed(client, url: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    # Django's test client adds `response.json`, a partial holding the
    # response: its own cycle, which a server does not make.
    response.__dict__.pop("json", None)
    request = weakref.ref(response.wsgi_request)
    assert request() is not None
    del response
    return request() is None


@pytest.mark.parametrize("role", ["anonymous", "technician", "secretariat"])
def test_a_page_frees_its_request_without_the_collector(
    role, client_for, technician_user, secretariat_user, no_collector
):
    user = {
        "anonymous": None,
        "technician": technician_user,
        "secretariat": secretariat_user,
    }[role]
    client = client_for(user)
    for url in (reverse("home:home"), reverse("network:member_list")):
        client.get(url)  # warm: what a first visit keeps for the next
        assert _request_freed(client, url), f"{url} as {role}"


def test_a_rendered_context_does_not_outlive_the_render(rf, no_collector):
    template = engines["django"].from_string("{% with x=thing %}{{ x }}{% endwith %}")
    thing = Thing()
    kept = weakref.ref(thing)
    html = template.render({"thing": thing}, rf.get("/"))
    assert html == "a thing"
    del thing
    assert kept() is None


def _through_middlewares(request):
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_the_user_and_messages_read_through_the_request_held_weakly(
    technician_user, no_collector
):
    request = _through_middlewares(RequestFactory().get("/"))
    assert request.user.is_authenticated is False
    # In a thread of its own: an earlier test may have left an event loop here.
    with ThreadPoolExecutor(1) as pool:
        assert isinstance(
            pool.submit(asyncio.run, request.auser()).result(), AnonymousUser
        )
    request._messages.add(20, "Saved.")
    assert [str(m) for m in request._messages] == ["Saved."]

    request = _through_middlewares(RequestFactory().get("/"))
    request.session["_auth_user_id"] = str(technician_user.pk)
    request.session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    request.session["_auth_user_hash"] = technician_user.get_session_auth_hash()
    assert request.user == technician_user

    # The lazy user is the request's: read after the request is gone (freed
    # at once, nothing holds it in a cycle), it says so.
    request = _through_middlewares(RequestFactory().get("/"))
    user = request.user
    del request
    with pytest.raises(RuntimeError, match="request was gone"):
        bool(user.is_authenticated)


def test_a_class_based_view_answers_head_with_get_and_lists_it(client):
    from django.views.generic import RedirectView, TemplateView, View

    response = client.head(reverse("network:member_list"))
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"].startswith("text/html")

    class OnlyPost(View):
        def post(self, request):
            return HttpResponse()

    assert not hasattr(OnlyPost, "head")
    assert not hasattr(OnlyPost(), "head")
    assert OnlyPost()._allowed_methods() == ["POST", "OPTIONS"]
    assert "HEAD" in TemplateView()._allowed_methods()
    assert TemplateView.head is TemplateView.get
    assert RedirectView.head is not RedirectView.get  # its own head still wins
    view = TemplateView()
    view.setup(RequestFactory().head("/"))
    assert "head" not in view.__dict__  # nothing stored: no cycle


def test_an_admin_form_frees_its_request(client_for, superuser, no_collector):
    """Django's admin binds the request into the field callback of each form
    class it makes (the page's, each inline's); its URL box raised an
    exception for an empty value; its save row pushed a context onto itself."""
    from teixit.workplans.tests.factories import PlanFactory

    plan = PlanFactory()
    client = client_for(superuser)
    for url in (
        reverse("admin:workplans_plan_change", args=[plan.pk]),  # inlines
        reverse("admin:entities_entity_add"),  # an empty URL field
        reverse("admin:auth_group_add"),  # Django's own admin
    ):
        client.get(url)
        assert _request_freed(client, url), url
