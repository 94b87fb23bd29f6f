"""Large imports read and validate the file in a second process while the first
writes (`EntityImport._chunks_from_reader`); they must give exactly what the
one-process run gives, and fail the same way."""

import gc

import pytest

from teixit.entities import importing
from teixit.entities.importing import EntityImport, ImportFileError
from teixit.entities.models import Entity

from .test_importing import MAPPING, write

pytestmark = pytest.mark.django_db

HEADER = "id,nom,municipi,cp,nif,lat,lon,sectors,forma,email,treballadores\n"
ROWS = [
    '1,Coop A,Barcelona,8001,B12345674,"41,38","2,17",food|housing,Cooperative,a@example.org,4',
    '2,Ateneu B,"HOSPITALET DE LLOBREGAT, L\'",,,,,food,,,',
    ",,,,,,,,,,",  # an empty row
    "3,Coop C,Atlantis,,,,,,,,",  # unknown municipality
    "1,Coop A again,Barcelona,,,,,,,,",  # the same key as line 2
    "4,Coop D,08285,,X1234567L,,,housing,,d@example.org,2",
]


def run(tmp_path, rows, **kwargs):
    path = write(tmp_path, "entities.csv", HEADER + "\n".join(rows) + "\n")
    return EntityImport(
        path=path, mapping=MAPPING, source="list", chunk_size=2, **kwargs
    ).run()


@pytest.mark.parametrize("valid_only", [False, True])
def test_two_processes_give_the_same_report_and_rows_as_one(
    places, vocabulary, tmp_path, valid_only
):
    reports = {}
    entities = {}
    for parallel in (False, True):
        Entity.objects.all().delete()
        report = run(tmp_path, ROWS, parallel=parallel, valid_only=valid_only)
        reports[parallel] = report.as_dict()
        entities[parallel] = sorted(
            Entity.objects.values_list("source_key", "name", "municipality__code")
        )
        for row in reports[parallel]["rows"]:
            row.pop("entity")  # ids differ between the two runs
    assert reports[True] == reports[False]
    assert entities[True] == entities[False]
    counts = reports[True]["counts"]
    assert (counts["errors"], counts["skipped"]) == (2, 1)
    if valid_only:
        assert entities[True] == [
            ("1", "Coop A", "080193"),
            ("2", "Ateneu B", "081017"),
            ("4", "Coop D", "082852"),
        ]
    else:
        assert entities[True] == []  # refused: nothing written


@pytest.mark.parametrize("parallel", [False, True])
def test_an_unreadable_line_refuses_the_file_in_either_mode(places, tmp_path, parallel):
    huge = '9,"' + "x" * 200_000 + '",Barcelona,,,,,,,,'  # over csv's field limit
    with pytest.raises(ImportFileError, match="Line 3"):
        run(tmp_path, [ROWS[0], huge, ROWS[5]], parallel=parallel)
    assert not Entity.objects.exists()


def test_an_error_in_the_reading_process_reaches_the_writer(
    places, tmp_path, monkeypatch
):
    original = importing.RowValidator.prepare

    def prepare(self, line, row):
        if line == 4:
            raise RuntimeError("reader broke")
        return original(self, line, row)

    monkeypatch.setattr(importing.RowValidator, "prepare", prepare)
    with pytest.raises(RuntimeError, match="reader broke"):
        run(tmp_path, [ROWS[0], ROWS[1], ROWS[5]], parallel=True)
    assert not Entity.objects.exists()  # the first chunk was rolled back


def test_garbage_collection_is_paused_only_during_the_run(places, tmp_path):
    states = []
    run(tmp_path, [ROWS[0]], row_callback=lambda row: states.append(gc.isenabled()))
    assert states == [False]
    assert gc.isenabled()


def test_large_files_only_use_a_second_process(places, tmp_path, settings):
    small = EntityImport(
        source="list", path=write(tmp_path, "a.csv", HEADER + ROWS[0]), mapping=MAPPING
    )
    assert not small._in_parallel()
    small.tabular.estimated_rows = importing.PARALLEL_MIN_ROWS
    assert small._in_parallel() is (importing.run.os.cpu_count() > 1)
    settings.TEIXIT_ENTITIES_IMPORT_PROCESSES = 1
    assert not small._in_parallel()


def test_history_without_contiguous_ids_is_written_row_by_row(
    places, vocabulary, tmp_path, monkeypatch
):
    """The database copies the history rows when the new ids are contiguous;
    otherwise (possible with a shared PostgreSQL sequence) they are inserted
    from the rows' values: the same history either way."""
    reserve = importing.writing._reserve_ids

    def with_gaps(model, count):
        ids = reserve(model, 2 * count)
        return ids[::2] if model is Entity else ids[:count]

    monkeypatch.setattr(importing.writing, "_reserve_ids", with_gaps)
    report = run(tmp_path, [ROWS[0], ROWS[1], ROWS[5]])
    assert report.counts["created"] == 3
    ids = sorted(Entity.objects.values_list("pk", flat=True))
    assert ids[1] - ids[0] == 2
    coop = Entity.objects.get(source_key="1")
    record = coop.history.get()
    assert (record.history_type, record.name, record.postcode) == (
        "+",
        "Coop A",
        "08001",
    )
    assert sorted(record.sectors.values_list("concept__code", flat=True)) == [
        "food",
        "housing",
    ]
    assert Entity.history.count() == 3


def test_key_lines_finds_the_first_line_of_each_key_and_grows():
    from teixit.entities.importing import KeyLines

    seen = KeyLines()  # 1,024 slots: grows several times below
    keys = [f"k{n}" for n in range(5000)]
    assert [seen.first_line(key, n) for n, key in enumerate(keys, start=2)] == [
        None
    ] * 5000
    assert seen.first_line("k0", 9000) == 2
    assert seen.first_line("k4999", 9001) == 5001
    assert seen.first_line("new", 9002) is None
    assert seen.first_line("new", 9003) == 9002


def test_history_ids_without_gaps_are_not_required_either(
    places, vocabulary, tmp_path, monkeypatch
):
    """Contiguous entity ids but history ids with gaps (another import took
    some from a shared sequence): the history is written row by row instead
    of copied, with its m2m snapshot."""
    reserve = importing.writing._reserve_ids
    History = Entity.history.model

    def history_gaps(model, count):
        ids = reserve(model, 2 * count if model is History else count)
        return ids[::2] if model is History else ids

    monkeypatch.setattr(importing.writing, "_reserve_ids", history_gaps)
    report = run(tmp_path, [ROWS[0], ROWS[1], ROWS[5]])
    assert report.counts["created"] == 3
    record = Entity.objects.get(source_key="1").history.get()
    assert (record.history_type, record.name) == ("+", "Coop A")
    assert sorted(record.sectors.values_list("concept__code", flat=True)) == [
        "food",
        "housing",
    ]
    assert Entity.history.count() == 3
