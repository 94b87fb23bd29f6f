import pytest
from django.core.management import call_command

from teixit.competences.models import CompetenceProfile
from teixit.experts.models import ExpertProfile
from teixit.municipal_services.models import MunicipalService
from teixit.network.services import demo_network_load
from teixit.trainings.models import Training

pytestmark = pytest.mark.django_db

COMMANDS = [
    "demo_competences",
    "demo_experts",
    "demo_municipal_services",
    "demo_trainings",
]


def test_demo_commands_are_idempotent():
    demo_network_load()
    for _ in range(2):
        for name in COMMANDS:
            call_command(name)
    assert Training.objects.published().count() == 3
    assert (
        Training.objects.upcoming().count() == 2
        and Training.objects.past().count() == 1
    )
    assert MunicipalService.objects.count() == 4
    assert ExpertProfile.objects.listed().count() == 1
    assert CompetenceProfile.objects.filter(is_default=True).count() == 1
