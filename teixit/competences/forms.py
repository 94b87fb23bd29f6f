from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import LEVELS


class SelfAssessmentForm(forms.Form):
    """One choice per competence: level 1–4 or not assessed."""

    def __init__(self, *args, competences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        choices = [("", gettext_lazy("Not assessed"))] + [
            (str(value), label) for value, label in LEVELS
        ]
        for competence in self.competences:
            descriptors = {d.level: d.text for d in competence.descriptors.all()}
            help_lines = [
                _("Target level: %(level)s") % {"level": competence.target_level}
            ]
            help_lines += [
                f"{level}: {text}" for level, text in sorted(descriptors.items())
            ]
            self.fields[f"c{competence.pk}"] = forms.TypedChoiceField(
                label=competence.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=" · ".join(help_lines),
            )

    def levels(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.competences}
