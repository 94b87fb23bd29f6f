import pytest

from teixit.trainings.models import Training
from teixit.trainings.search_providers import all_objects, document_for

from .factories import ThemeFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_search_document_for_published_training_only():
    theme = ThemeFactory(code="cooperativism", label_es="Cooperativismo")
    training = TrainingFactory(title="Taller", description="Mercat social")
    training.themes.add(theme)
    doc = document_for(training)
    assert doc.type == "training" and doc.visibility == "public"
    assert (
        doc.themes == ["cooperativism"]
        and "Mercat social" in doc.body
        and "Cooperativismo" in doc.body
    )
    assert doc.date == training.sessions.first().starts_at.date()
    assert document_for(TrainingFactory(status=Training.Status.DRAFT)) is None
    assert document_for(TrainingFactory(status=Training.Status.CANCELLED)) is None
    assert list(all_objects()) == [training]
