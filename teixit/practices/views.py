from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from teixit.core.crud import viewable_or_404
from teixit.core.htmx import template_for
from teixit.core.service_calls import call_service
from teixit.core.storage_errors import storage_failure_as_error
from teixit.core.uploads import private_file_response
from teixit.vocabulary.linked_data import public_base_url

from . import exchange, selectors, services
from .forms import PracticeFilterForm, PracticeForm, PracticeImportForm, SendBackForm
from .models import Practice, PracticeDocument

FORM_EXTRA = ["links", "document", "document_title"]


class PracticeListView(ListView):
    template_name = "practices/practice_list.html"
    context_object_name = "practices"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = PracticeFilterForm(self.request.GET or None)
        return selectors.practice_list_for_user(
            self.request.user, filters=self.filter_form.filters()
        )

    def get_template_names(self):
        return [template_for(self.request, self.template_name, "results")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["filter_form"] = self.filter_form
        context["can_add"] = user.has_perm("practices.add_practice")
        context["my_practices"] = selectors.practice_list_of_author(user)
        context["can_review"] = user.has_perm("practices.review_practice")
        context["can_import"] = user.has_perm("practices.import_practice")
        query = self.request.GET.copy()
        for name in ("page", "format"):
            query.pop(name, None)
        context["export_query"] = query.urlencode()
        return context


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_object(self, queryset=None):
        return viewable_or_404(
            self.request,
            lambda: selectors.practice_get_for_detail(self.kwargs["pk"]),
            "practices.view_practice",
            forbidden_when_logged_in=True,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, practice = self.request.user, self.object
        context["replications"] = selectors.practice_replications_visible(
            practice, user
        )
        context["can_change"] = user.has_perm("practices.change_practice", practice)
        context["can_submit"] = user.has_perm("practices.submit_practice", practice)
        context["can_review"] = (
            user.has_perm("practices.review_practice", practice)
            and practice.status == Practice.Status.REVIEW
        )
        context["send_back_form"] = kwargs.get("send_back_form") or SendBackForm()
        context["show_contact"] = user.is_authenticated
        return context


class _PracticeFormMixin:
    model = Practice
    form_class = PracticeForm
    template_name = "practices/practice_form.html"

    def _save(self, form, create: bool):
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("themes", "replicated_in", *FORM_EXTRA)
        }
        kwargs = {
            "data": data,
            "themes": form.cleaned_data["themes"],
            "replicated_in": form.cleaned_data["replicated_in"],
            "links": form.cleaned_data["links"],
            "document": form.cleaned_data.get("document"),
            "document_title": form.cleaned_data.get("document_title", ""),
        }
        try:
            with storage_failure_as_error():
                if create:
                    return services.practice_create(author=self.request.user, **kwargs)
                return services.practice_update(practice=self.object, **kwargs)
        except ValidationError as exc:
            form.add_error(None, exc)
            return None

    def form_valid(self, form):
        practice = self._save(form, create=self.object is None)
        if practice is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The practice has been saved."))
        return redirect(practice)


class PracticeCreateView(LoginRequiredMixin, _PracticeFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "practices.add_practice"
        ):
            raise PermissionDenied(
                _("Only people working for a member of the network can add practices.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        from teixit.network.models import Technician

        post = (
            Technician.objects.current()
            .filter(user=self.request.user)
            .select_related("member")
            .first()
        )
        initial = {
            "contact_name": self.request.user.name,
            "contact_email": self.request.user.email,
        }
        if post:
            initial["member"] = post.member
        return initial


class PracticeUpdateView(LoginRequiredMixin, _PracticeFormMixin, UpdateView):
    def get_object(self, queryset=None):
        practice = get_object_or_404(Practice, pk=self.kwargs["pk"])
        if not self.request.user.has_perm("practices.change_practice", practice):
            raise PermissionDenied
        return practice


def _practice_for(request, pk: int, perm: str) -> Practice:
    practice = get_object_or_404(Practice, pk=pk)
    if not request.user.has_perm(perm, practice):
        raise PermissionDenied
    return practice


@require_POST
def practice_submit(request, pk: int):
    practice = _practice_for(request, pk, "practices.submit_practice")
    call_service(
        request,
        lambda: services.practice_submit(practice=practice),
        _("The practice has been sent to the secretariat for review."),
    )
    return redirect(practice)


@require_POST
def practice_publish(request, pk: int):
    practice = _practice_for(request, pk, "practices.review_practice")
    call_service(
        request,
        lambda: services.practice_publish(practice=practice),
        _("The practice is published."),
    )
    return redirect(practice)


@require_POST
def practice_send_back(request, pk: int):
    practice = _practice_for(request, pk, "practices.review_practice")
    form = SendBackForm(request.POST)
    if form.is_valid() and call_service(
        request,
        lambda: services.practice_send_back(
            practice=practice, comment=form.cleaned_data["comment"]
        ),
        _("The practice has been sent back to its author."),
    ):
        return redirect(practice)
    view = PracticeDetailView()
    view.setup(request, pk=pk)
    view.object = view.get_object()
    return render(
        request,
        view.template_name,
        view.get_context_data(object=view.object, send_back_form=form),
        status=400,
    )


class PracticeReviewQueueView(LoginRequiredMixin, ListView):
    template_name = "practices/practice_review_queue.html"
    context_object_name = "practices"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "practices.review_practice"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.practice_review_queue()


def practice_document(request, pk: int, document_pk: int):
    """A document of a practice, for those who may read the practice."""
    document = get_object_or_404(
        PracticeDocument.objects.select_related("practice"),
        pk=document_pk,
        practice_id=pk,
    )
    if not request.user.has_perm("practices.view_practice", document.practice):
        raise Http404
    return private_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
    )


def practice_export(request):
    """The practices the visitor may read, filtered like the list, as CSV or
    JSON-LD (`?format=`), for other practice banks."""
    fmt = request.GET.get("format", "csv")
    if fmt not in exchange.EXPORTERS:
        raise Http404
    filter_form = PracticeFilterForm(request.GET or None)
    qs = selectors.practice_list_for_user(request.user, filters=filter_form.filters())
    content_type, extension = exchange.FORMATS[fmt]
    response = StreamingHttpResponse(
        exchange.EXPORTERS[fmt](qs, base_url=public_base_url(request)),
        content_type=content_type,
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="practices-{stamp}.{extension}"'
    )
    return response


def practice_import(request):
    """The secretariat imports a CSV or JSON-LD file of practices, all or none."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("practices.import_practice"):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        form = PracticeImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.practices_import(
                    data=upload.read(),
                    filename=upload.name,
                    by=request.user,
                    publish=form.cleaned_data["publish"],
                )
            except exchange.PracticeFileError as exc:
                errors = exc.errors
            else:
                count = len(result.created)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s practice imported.",
                        "%(count)s practices imported.",
                        count,
                    )
                    % {"count": count},
                )
                if form.cleaned_data["publish"]:
                    return redirect("practices:list")
                return redirect("practices:review_queue")
    else:
        form = PracticeImportForm()
    return render(
        request,
        "practices/practice_import.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )
