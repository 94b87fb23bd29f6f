"""The JSON API: one NinjaAPI, one router per app, mounted at /api/v1/."""

from teixit.core.api import (
    FastJSONRenderer,
    SiteFramedSwagger,
    TeixitAPI,
    install_error_handlers,
)

api = TeixitAPI(
    title="Teixit API",
    version="1",
    description=(
        "Open data and services of the network. Reads of public data need no "
        "authentication; writes need a personal API token (profile page) sent as "
        "`Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    docs_url="/docs",
    docs=SiteFramedSwagger(),
    openapi_url="/openapi.json",
    renderer=FastJSONRenderer(),
)
install_error_handlers(api)

ROUTERS = [
    "teixit.network.api",
    "teixit.territories.api",
    "teixit.vocabulary.api",
    "teixit.workplans.api",
    "teixit.entities.api",
    "teixit.maps.api",
    "teixit.diagnosis.api",
    "teixit.practices.api",
    "teixit.materials.api",
    "teixit.municipal_services.api",
    "teixit.trainings.api",
    "teixit.experts.api",
    "teixit.competences.api",
    "teixit.events.api",
    "teixit.search.api",
    "teixit.notifications.api",
    "teixit.debates.api",
    "teixit.needs.api",
    "teixit.recognitions.api",
    "teixit.funding.api",
    "teixit.directory.api",
    "teixit.documents.api",
    "teixit.news.api",
]


def _mount() -> None:
    from importlib import import_module

    for dotted in ROUTERS:
        module = import_module(dotted)
        # Each app's router declares its full paths (e.g. "/plans/").
        api.add_router("", module.router)


_mount()
