import pytest
from django.db import transaction

from teixit.conftest import skip_or_fail


def _data_file(*parts):
    from teixit.core.shared_data import shared_data_dir

    path = shared_data_dir().joinpath(*parts)
    if not path.exists():
        skip_or_fail(f"public data file {path} is not present")
    return path


@pytest.fixture(scope="package")
def real_files():
    return {
        "geojson": _data_file("catalonia", "municipis-icgc-2026.geojson"),
        "population": _data_file(
            "catalonia", "poblacio-municipis-idescat-2019-2020.csv"
        ),
        "comarques": _data_file("catalonia", "municipis-comarques-idescat.csv"),
        "cnig": _data_file("spain", "municipios-cnig-2024.csv"),
    }


@pytest.fixture(scope="module")
def imported(real_files, django_db_setup, django_db_blocker):
    """The real files imported once for the module that asks (inside a transaction
    rolled back at its end: a package-wide import stayed visible to the next
    modules, whose own municipalities then collided with it), after a minimal row
    like the demo network loader creates."""
    from teixit.territories.models import Comarca, Municipality
    from teixit.territories.services import territories_import

    with django_db_blocker.unblock():
        with transaction.atomic():
            comarca = Comarca.objects.create(code="13", name="Barcelonès")
            Municipality.objects.create(
                code="080193", ine_code="08019", name="Barcelona", comarca=comarca
            )
            result = territories_import(
                geojson=real_files["geojson"],
                population=real_files["population"],
                cnig=real_files["cnig"],
            )
            yield result
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    """The reference data shipped with Teixit loaded once per module (no
    ../shared/data needed), inside a transaction rolled back at the end."""
    from teixit.territories.services import territories_load_reference

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield territories_load_reference()
            transaction.set_rollback(True)
