from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "teixit.network"
    label = "network"
    verbose_name = _("The network")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from teixit.core import admin_site

        from .models import Body, BodyMembership, Technician
        from .roles import role_facts, roles_changed

        # Cached role facts (roles.py) start a new generation on any change.
        for model in (Body, BodyMembership, Technician):
            for signal in (post_save, post_delete):
                signal.connect(
                    roles_changed, sender=model, dispatch_uid=f"roles-{model.__name__}"
                )

        # The admin's app list is kept per person by what its rules read.
        admin_site.install_role_facts(role_facts)
