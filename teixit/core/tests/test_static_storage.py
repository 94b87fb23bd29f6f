"""Issue 10, point 1: the production static storage (teixit.core.storage).

A source map a vendored script names but does not ship leaves the script as
it is instead of stopping `collectstatic` (Leaflet's `leaflet.js.map` did);
any other missing file a stylesheet names still stops it; only hashed copies
are compressed."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import MissingFileError

from teixit.core.storage import StaticFilesStorage


def post_process(tmp_path, files: dict[str, str]):
    source = FileSystemStorage(location=tmp_path / "source")
    storage = StaticFilesStorage(location=tmp_path / "collected", base_url="/static/")
    for name, content in files.items():
        source.save(name, ContentFile(content.encode()))
        with source.open(name) as file:
            storage.save(name, file)
    results = storage.post_process({name: (source, name) for name in files})
    errors = [
        processed
        for _name, _hashed, processed in results
        if isinstance(processed, Exception)
    ]
    return storage, errors


def test_a_missing_source_map_is_left_as_it_is(tmp_path):
    script = "var answer = 42;\n//# sourceMappingURL=library.js.map"
    storage, errors = post_process(
        tmp_path, {"library.js": script, "style.css": "body { color: red }"}
    )
    assert errors == []
    hashed = storage.stored_name("library.js")
    assert hashed != "library.js"
    assert (
        storage.open(hashed).read().decode().endswith("sourceMappingURL=library.js.map")
    )


def test_a_source_map_that_is_shipped_gets_its_hashed_name(tmp_path):
    storage, _errors = post_process(
        tmp_path,
        {
            "library.js": "var a;\n//# sourceMappingURL=library.js.map",
            "library.js.map": "{}",
        },
    )
    content = storage.open(storage.stored_name("library.js")).read().decode()
    assert storage.stored_name("library.js.map").rsplit("/", 1)[-1] in content


def test_any_other_missing_file_still_stops_collectstatic(tmp_path):
    _storage, errors = post_process(
        tmp_path, {"style.css": "body { background: url(missing.png) }"}
    )
    assert len(errors) == 1 and isinstance(errors[0], MissingFileError)
    assert "missing.png" in str(errors[0])


def test_only_hashed_copies_are_compressed(tmp_path):
    storage, _errors = post_process(tmp_path, {"app.js": "var a = 1;\n" * 200})
    collected = {path.name for path in (tmp_path / "collected").iterdir()}
    hashed = storage.stored_name("app.js")
    assert {f"{hashed}.gz", f"{hashed}.br"} <= collected
    assert "app.js.gz" not in collected and "app.js.br" not in collected


def test_the_url_of_a_hashed_copy_is_the_same_worked_out_once(tmp_path, settings):
    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

    settings.DEBUG = False
    storage, _errors = post_process(
        tmp_path, {"app.js": "var a;", "style.css": "body { color: red }"}
    )
    plain = ManifestStaticFilesStorage(
        location=tmp_path / "collected", base_url="/static/"
    )
    for name in ("app.js", "style.css", "app.js", "style.css#x", "app.js?#iefix"):
        assert storage.url(name) == plain.url(name)
    assert storage.url("app.js") != "/static/app.js"
    assert storage.url("app.js") == "/static/" + storage.stored_name("app.js")
    # A name missing from the manifest still fails, every time.
    for _ in range(2):
        try:
            storage.url("missing.js")
        except ValueError:
            pass
        else:
            raise AssertionError("missing.js has no hashed copy")
    # A new manifest (collectstatic again, the file changed): the new URL.
    before = storage.url("app.js")
    source = FileSystemStorage(location=tmp_path / "source2")
    source.save("app.js", ContentFile(b"var b;"))
    storage.delete("app.js")
    with source.open("app.js") as file:
        storage.save("app.js", file)
    list(storage.post_process({"app.js": (source, "app.js")}))
    after = storage.url("app.js")
    assert after != before
    assert after == ManifestStaticFilesStorage(
        location=tmp_path / "collected", base_url="/static/"
    ).url("app.js")


def test_urls_in_debug_are_the_names_themselves(tmp_path, settings):
    settings.DEBUG = True
    storage, _errors = post_process(tmp_path, {"app.js": "var a;"})
    assert storage.url("app.js") == "/static/app.js"
    settings.DEBUG = False
    assert storage.url("app.js") != "/static/app.js"
