from django.views.generic import DetailView, ListView

from .models import Body, Member
from .selectors import body_list, body_seats, member_list_for_page


class MemberListView(ListView):
    template_name = "network/member_list.html"
    context_object_name = "members"
    # A network of every municipality of Catalonia is 947 rows: pages of 100.
    paginate_by = 100

    def get_queryset(self):
        return member_list_for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bodies"] = body_list()
        return context


class MemberDetailView(DetailView):
    model = Member
    template_name = "network/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        return Member.objects.select_related(
            "municipality", "comarca", "municipality__province"
        )


class BodyDetailView(DetailView):
    model = Body
    template_name = "network/body_detail.html"
    context_object_name = "body"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Names of the people in a body are shown to registered members only.
        user = self.request.user
        context["can_see_seats"] = user.is_authenticated and user.has_perm(
            "network.view_bodymembership", self.object
        )
        if context["can_see_seats"]:
            context["seats"] = body_seats(body=self.object)
        return context
