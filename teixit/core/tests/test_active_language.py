"""`get_language()` read straight from asgiref's storage
(teixit/core/active_language.py): the same answer as Django's own function
wherever a language can be active or not."""

import asyncio
import threading

from asgiref.sync import async_to_sync, sync_to_async
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real

from teixit.core import active_language
from teixit.core.active_language import _DJANGOS, _DJANGOS_GETTEXT, get_language


def both() -> tuple:
    ours, djangos = get_language(), _DJANGOS()
    assert ours == djangos
    return ours


def test_installed_in_djangos_place():
    assert active_language.supported()
    assert trans_real.get_language is get_language
    translation.get_language()  # through django.utils.translation's _trans
    assert translation._trans.get_language is get_language


def test_activate_override_and_deactivate():
    translation.activate("es")
    try:
        assert both() == "es" == translation.get_language()
        with translation.override("en"):
            assert both() == "en"
            with translation.override("ca"):
                assert both() == "ca"
            with translation.override(None):  # deactivate_all
                assert both() is None
            assert both() == "en"
        assert both() == "es"
    finally:
        translation.deactivate()
    # Nothing active: the default language.
    assert both() == "ca"


def test_another_thread_does_not_see_this_threads_language():
    seen = []
    with translation.override("en"):
        worker = threading.Thread(
            target=lambda: seen.append((get_language(), _DJANGOS()))
        )
        worker.start()
        worker.join()
        assert both() == "en"
    assert seen == [("ca", "ca")]


def test_async_tasks_and_asgirefs_bridges_see_what_django_sees():
    async def inner():
        with translation.override("es"):
            inside = await sync_to_async(both)()
            task = await asyncio.create_task(_async_both())
        return inside, task, both()

    seen = []

    def run():
        # A thread of its own: async_to_sync refuses a thread whose event
        # loop runs (another test's may).
        with translation.override("en"):
            seen.append(async_to_sync(inner)())
            seen.append(both())

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert seen == [("es", "es", "en"), "en"]


async def _async_both():
    return both()


def test_a_new_local_after_a_language_setting_change_is_read():
    translation.activate("es")
    try:
        with override_settings(LANGUAGE_CODE="en"):
            # Django's test signal made a new Local: nothing active in it.
            assert both() == "en"
            translation.activate("es")
            assert both() == "es"
    finally:
        translation.deactivate()
    assert both() == "ca"


# -- gettext ------------------------------------------------------------------

MESSAGES = [
    "Save",  # Django's own catalogue
    "Home",
    "Line one\r\nLine two",  # line endings made \n before the lookup
    "Line one\rLine two",
    "",  # empty: an empty string, not the catalogue's metadata
    "A string no catalogue has",
]


def gettext_both(message) -> str:
    ours, djangos = active_language.gettext(message), _DJANGOS_GETTEXT(message)
    assert ours == djangos
    assert type(ours) is type(djangos)
    return ours


def test_gettext_installed_in_djangos_place():
    assert trans_real.gettext is active_language.gettext
    translation.gettext("Save")  # through django.utils.translation's _trans
    assert translation._trans.gettext is active_language.gettext


def test_gettext_answers_as_djangos_in_every_state():
    seen = {}
    for language in ("ca", "es", "en"):
        with translation.override(language):
            seen[language] = [gettext_both(m) for m in MESSAGES]
            with translation.override(None):  # deactivate_all: untranslated
                assert [gettext_both(m) for m in MESSAGES] == MESSAGES[:2] + [
                    "Line one\nLine two",
                    "Line one\nLine two",
                    "",
                    MESSAGES[-1],
                ]
    # Nothing active: the default language's translation.
    translation.deactivate()
    assert [gettext_both(m) for m in MESSAGES] == seen["ca"]
    assert seen["ca"][:2] == ["Desar", "Inici"]
    assert seen["es"][:2] == ["Guardar", "Inicio"]
    assert seen["en"][:2] == ["Save", "Home"]


def test_gettext_keeps_safe_strings_safe_and_lazy_strings_follow():
    from django.utils.safestring import SafeString, mark_safe

    with translation.override("es"):
        assert isinstance(gettext_both(mark_safe("Save")), SafeString)
        assert gettext_both(mark_safe("Save")) == "Guardar"
        assert str(translation.gettext_lazy("Home")) == "Inicio"
        # pgettext calls gettext through the module: ours, the same answers.
        assert translation.pgettext("a context", "Save") == "Save"


def test_gettext_in_another_thread_and_after_a_language_code_change():
    seen = []
    with translation.override("es"):
        worker = threading.Thread(target=lambda: seen.append(gettext_both("Save")))
        worker.start()
        worker.join()
        assert gettext_both("Save") == "Guardar"
    assert seen == ["Desar"]  # the other thread: nothing active, the default
    with override_settings(LANGUAGE_CODE="en"):
        # Django's test signal reset its default translation and made a new Local.
        assert gettext_both("Save") == "Save"
        translation.activate("es")
        assert gettext_both("Save") == "Guardar"
        translation.deactivate()
    assert gettext_both("Save") == "Desar"
