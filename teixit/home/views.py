from django.views.generic import TemplateView

from .registry import my_work
from .selectors import showcase


class HomeView(TemplateView):
    """The home page: "My work" for a logged-in person (their pending work,
    each a count with a link), the network's showcase for everyone else."""

    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_authenticated:
            context["work_sections"] = my_work(user)
        else:
            context.update(showcase(user))
        return context
