import pytest

from teixit.diagnosis.services import methodology_load


@pytest.fixture
def version(db):
    """The default methodology shipped with Teixit, loaded and published."""
    return methodology_load()
