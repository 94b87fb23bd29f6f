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
from teixit.core.active_language import _DJANGOS, get_language


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
