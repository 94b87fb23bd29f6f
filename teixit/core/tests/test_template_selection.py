"""Which of several template names exists, kept by the site's engine
(`teixit.core.template_engine.SelectingEngine` and `select_template`): the
same template Django's `select_template` gives, found without raising once
known, looked for again after a file change or when it no longer loads."""

import gc
from pathlib import Path

import pytest
from django.template import Context, TemplateDoesNotExist, engines, loader, response
from django.template.loader import get_template
from django.test import override_settings
from django.utils.autoreload import file_changed

from teixit.core import template_engine
from teixit.core.template_engine import SelectingEngine

ADMIN_NAMES = [
    "admin/entities/entity/change_form.html",  # none of these two exists
    "admin/entities/change_form.html",
    "admin/change_form.html",
]


def site_templates(directory: Path) -> list[dict]:
    return [
        {
            "BACKEND": "teixit.core.template_engine.DjangoTemplates",
            "NAME": "django",
            "DIRS": [str(directory)],
            "APP_DIRS": False,
        }
    ]


def raised_by(engine, monkeypatch) -> list[str]:
    """The names the engine failed to load from now on."""
    failed = []
    djangos = SelectingEngine.get_template

    def get_template(self, name):
        try:
            return djangos(self, name)
        except TemplateDoesNotExist:
            failed.append(name)
            raise

    monkeypatch.setattr(SelectingEngine, "get_template", get_template)
    return failed


def test_installed_in_the_loader_and_templateresponse():
    assert loader.select_template is template_engine.select_template
    assert response.select_template is template_engine.select_template
    assert isinstance(engines["django"].engine, SelectingEngine)


def test_the_same_template_as_djangos_and_found_without_raising_once_known(
    monkeypatch,
):
    djangos = template_engine._DJANGOS_SELECT_TEMPLATE(ADMIN_NAMES)
    ours = loader.select_template(ADMIN_NAMES)
    assert ours.origin.name == djangos.origin.name
    assert ours.origin.template_name == "admin/change_form.html"
    failed = raised_by(engines["django"].engine, monkeypatch)
    for _ in range(3):
        again = loader.select_template(ADMIN_NAMES)
        assert again.origin.name == djangos.origin.name
        # The engine's own (the admin's inclusion tags ask it).
        engine_one = engines["django"].engine.select_template(ADMIN_NAMES)
        assert engine_one.origin.name == djangos.origin.name
    assert failed == []


def test_none_found_raises_as_django_and_a_string_is_refused():
    names = ["no/such/template.html", "nor/this/one.html"]
    with pytest.raises(TemplateDoesNotExist) as ours:
        loader.select_template(names)
    with pytest.raises(TemplateDoesNotExist) as djangos:
        template_engine._DJANGOS_SELECT_TEMPLATE(names)
    assert str(ours.value) == str(djangos.value) == ", ".join(names)
    with pytest.raises(TemplateDoesNotExist):
        engines["django"].engine.select_template(names)
    with pytest.raises(TypeError):
        loader.select_template("admin/change_form.html")
    with pytest.raises(TemplateDoesNotExist):
        loader.select_template([])


def test_no_garbage_cycle_left_by_a_known_selection():
    """Django's select_template leaves its caught exceptions in a cycle with
    its frame (and the caller's frames); the kept selection raises none."""
    loader.select_template(ADMIN_NAMES)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        loader.select_template(ADMIN_NAMES)
        gc.collect()
        ours = [o for o in gc.garbage if isinstance(o, TemplateDoesNotExist)]
        gc.garbage.clear()
        template_engine._DJANGOS_SELECT_TEMPLATE(ADMIN_NAMES)
        gc.collect()
        djangos = [o for o in gc.garbage if isinstance(o, TemplateDoesNotExist)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert ours == []
    assert djangos  # what the kept selection spares


def test_a_new_template_is_found_after_a_file_change(tmp_path):
    (tmp_path / "second.html").write_text("second")
    names = ["first.html", "second.html"]
    with override_settings(TEMPLATES=site_templates(tmp_path)):
        assert loader.select_template(names).render() == "second"
        (tmp_path / "first.html").write_text("first")
        # Django's loaders too keep what they did not find until the
        # development server tells them a file changed.
        assert get_template("second.html").render() == "second"
        file_changed.send(sender=None, file_path=tmp_path / "first.html")
        assert loader.select_template(names).render() == "first"
        assert (
            engines["django"].engine.select_template(names).render(Context()) == "first"
        )


def test_a_kept_name_that_no_longer_loads_is_looked_for_again(tmp_path):
    (tmp_path / "first.html").write_text("first")
    (tmp_path / "second.html").write_text("second")
    names = ["first.html", "second.html"]
    with override_settings(TEMPLATES=site_templates(tmp_path)):
        assert loader.select_template(names).render() == "first"
        (tmp_path / "first.html").unlink()
        file_changed.send(sender=None, file_path=tmp_path / "first.html")
        assert loader.select_template(names).render() == "second"
        (tmp_path / "second.html").unlink()
        file_changed.send(sender=None, file_path=tmp_path / "second.html")
        with pytest.raises(TemplateDoesNotExist):
            loader.select_template(names)
