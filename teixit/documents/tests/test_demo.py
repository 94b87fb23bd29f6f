import pytest
from django.core.management import call_command

from teixit.documents.models import Amendment, Document
from teixit.network.tests.factories import BodyFactory, NetworkFactory
from teixit.news.models import NewsItem
from teixit.wiki.models import Page

pytestmark = pytest.mark.django_db


def test_the_demo_commands_make_what_the_issue_asks_and_run_twice(technician_user):
    BodyFactory(kind="executive_commission")
    BodyFactory(kind="technical_commission")
    NetworkFactory(description="La xarxa.")
    for _ in range(2):
        call_command("demo_documents")
        call_command("demo_news")
        call_command("demo_wiki")
    narrative = Document.objects.get(kind=Document.Kind.NARRATIVE)
    assert narrative.stage == Document.Stage.CONSULTATION
    assert narrative.amendments.filter(status=Amendment.Status.PENDING).count() == 2
    code = Document.objects.get(slug="codi-etic")
    assert code.stage == Document.Stage.PUBLISHED
    assert list(code.versions.values_list("number", flat=True)) == [1]
    assert NewsItem.objects.published().count() == 2
    assert Page.objects.count() == 2
