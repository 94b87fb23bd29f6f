"""Keeps the index current: saving or deleting an object of a provider's
MODELS (or changing its many-to-many fields, e.g. themes) re-indexes it.
Connected in SearchConfig.ready()."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .registry import provider_for_model, providers


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures being loaded
        return
    from .services import search_index_object

    search_index_object(instance)


def _on_delete(sender, instance, **kwargs):
    from .services import search_document_delete

    provider = provider_for_model(type(instance))
    if provider is not None and instance.pk is not None:
        search_document_delete(type=provider.TYPE, object_id=instance.pk)


def _on_m2m(sender, instance, action, reverse, **kwargs):
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    if provider_for_model(type(instance)) is None:
        return
    from .services import search_index_object

    search_index_object(instance)


def connect() -> None:
    for provider in providers().values():
        for model in provider.MODELS:
            label = model._meta.label
            post_save.connect(
                _on_save, sender=model, dispatch_uid=f"search-save-{label}"
            )
            post_delete.connect(
                _on_delete, sender=model, dispatch_uid=f"search-delete-{label}"
            )
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    _on_m2m,
                    sender=through,
                    dispatch_uid=f"search-m2m-{label}-{field.name}",
                )
