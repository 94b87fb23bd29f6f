"""Issue 18.5: `model_update` saves only the fields that changed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teixit.core.services import model_update
from teixit.network.tests.factories import MemberFactory
from teixit.vocabulary.models import ConceptScheme

pytestmark = pytest.mark.django_db


def _updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]


def test_model_update_writes_nothing_when_nothing_changed():
    scheme = ConceptScheme.objects.create(code="themes", label_ca="Temes")
    with CaptureQueriesContext(connection) as queries:
        changed = model_update(
            instance=scheme,
            fields=["label_ca", "source"],
            data={"label_ca": "Temes", "source": "", "label_es": "Temas"},
        )
    assert changed == []
    assert len(queries) == 0
    assert scheme.label_es == ""  # not in `fields`: left alone


def test_model_update_saves_only_the_changed_fields_in_order():
    scheme = ConceptScheme.objects.create(code="themes", label_ca="Temes")
    with CaptureQueriesContext(connection) as queries:
        changed = model_update(
            instance=scheme,
            fields=["source", "label_ca", "label_es"],
            data={"label_ca": "Temes", "label_es": "Temas", "source": "Xarxa"},
        )
    assert changed == ["source", "label_es"]
    [update] = _updates(queries)
    assert '"label_es"' in update and '"source"' in update
    assert '"label_ca"' not in update and '"code"' not in update
    scheme.refresh_from_db()
    assert (scheme.label_es, scheme.source) == ("Temas", "Xarxa")


def test_model_update_also_saves_updated_at_when_the_model_has_it():
    member = MemberFactory(name="Ajuntament de Vic")
    before = member.updated_at
    with CaptureQueriesContext(connection) as queries:
        assert model_update(
            instance=member, fields=["name"], data={"name": "Ajuntament de Manlleu"}
        ) == ["name"]
    [update] = _updates(queries)
    assert '"updated_at"' in update and '"slug"' not in update
    member.refresh_from_db()
    assert member.name == "Ajuntament de Manlleu" and member.updated_at > before


def test_model_update_cleans_before_saving_unless_told_not_to():
    scheme = ConceptScheme.objects.create(code="themes")
    with pytest.raises(ValidationError) as refused:
        model_update(instance=scheme, fields=["code"], data={"code": "no spaces"})
    assert "code" in refused.value.message_dict
    assert ConceptScheme.objects.get(pk=scheme.pk).code == "themes"

    model_update(
        instance=scheme, fields=["source"], data={"source": "Xarxa"}, clean=False
    )
    assert ConceptScheme.objects.get(pk=scheme.pk).source == "Xarxa"


def test_model_update_without_save_only_sets_the_fields():
    scheme = ConceptScheme.objects.create(code="themes")
    with CaptureQueriesContext(connection) as queries:
        changed = model_update(
            instance=scheme, fields=["source"], data={"source": "Xarxa"}, save=False
        )
    assert changed == ["source"] and scheme.source == "Xarxa"
    assert len(queries) == 0
    assert ConceptScheme.objects.get(pk=scheme.pk).source == ""
