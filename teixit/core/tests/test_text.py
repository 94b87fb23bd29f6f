import pytest

from teixit.core.text import fold
from teixit.entities.names import normalise_name
from teixit.search.text import query_terms
from teixit.territories.text import name_key
from teixit.workplans.importer import normalise


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Lliçó", "llico"),
        ("Col·lectiu", "collectiu"),
        ("col.lectiu", "collectiu"),
        ("COL•LECTIU", "collectiu"),
        ("L’Hospitalet", "l'hospitalet"),
        ("ÀÉÏÓÚÑÇ àèíòúüñç", "aeiounc aeiouunc"),
        ("Straße", "strasse"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_every_comparison_folds_the_same_way():
    """Search terms, municipality keys, entity name keys and the work-plan
    importer all compare text folded by `core.text.fold`."""
    assert query_terms("Cooperativa Col·lectiu") == ["cooperativa", "collectiu"]
    assert name_key("L’Hospitalet de Llobregat") == "hospitalet de llobregat"
    assert (
        normalise_name("Cooperativa Col·lectiu L’Esparver, SCCL")
        == "collectiu esparver"
    )
    assert (
        normalise("  Comissió   Tècnica  de Col·laboració ")
        == "comissio tecnica de collaboracio"
    )
