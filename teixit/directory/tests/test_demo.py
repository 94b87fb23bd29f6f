import pytest
from django.core.management import call_command

from teixit.directory.models import DirectoryEntry
from teixit.network.services import demo_network_load

pytestmark = pytest.mark.django_db


def test_demo_directory_has_the_institutions_and_the_networks_own_entry(client):
    demo_network_load()
    call_command("demo_directory")
    call_command("demo_directory")  # idempotent
    published = DirectoryEntry.objects.published()
    assert published.filter(institution__isnull=False).count() == 3
    assert published.filter(kind="municipal_service").count() == 1
    assert published.filter(scope="abroad").exists()
    own = published.get(is_this_network=True)
    assert 'data-format="jsonld"' in client.get(own.get_absolute_url()).text
