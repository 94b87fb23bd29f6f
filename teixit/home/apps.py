from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "teixit.home"
    label = "home"
    verbose_name = _("Home page")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .selectors import forget_showcase

        # What the visitors' showcase shows (selectors.showcase).
        for label in (
            "workplans.Plan",
            "workplans.StrategicLine",
            "workplans.Objective",
            "workplans.Action",
            "trainings.Training",
            "trainings.TrainingSession",
            "events.Event",
            "practices.Practice",
            "network.Member",
        ):
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_showcase, sender=model, dispatch_uid=f"showcase-{label}"
                )
