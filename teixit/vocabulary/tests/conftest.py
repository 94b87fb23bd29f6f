import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def vocabulary(django_db_setup, django_db_blocker):
    """The shipped vocabulary (Teixit and ESSGlobal) imported once per test module
    (never alive during browser tests), inside a transaction rolled back at the end."""
    from teixit.vocabulary.services import default_paths, vocabulary_import

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield vocabulary_import(paths=default_paths())
            transaction.set_rollback(True)
