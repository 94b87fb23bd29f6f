"""The search providers found in installed apps (see documents.py)."""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

MODULE_NAME = "search_providers"

# Labels of the known types; a provider may set TYPE_LABEL to override.
TYPE_LABELS = {
    "practice": _("Practices"),
    "material": _("Materials"),
    "training": _("Trainings"),
    "service": _("Municipal services"),
    "expert": _("Experts"),
}

_providers: dict[str, object] | None = None


def providers() -> dict[str, object]:
    """TYPE → provider module, in the order of INSTALLED_APPS."""
    global _providers
    if _providers is None:
        found = {}
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, MODULE_NAME):
                module = import_module(f"{config.name}.{MODULE_NAME}")
                found[module.TYPE] = module
        _providers = found
    return _providers


def provider_for_model(model) -> object | None:
    for module in providers().values():
        if any(issubclass(model, m) for m in module.MODELS):
            return module
    return None


def type_choices() -> list[tuple[str, str]]:
    return [
        (code, getattr(module, "TYPE_LABEL", None) or TYPE_LABELS.get(code, code))
        for code, module in providers().items()
    ]


def type_label(code: str) -> str:
    return dict(type_choices()).get(code, code)
