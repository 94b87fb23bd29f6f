from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from teixit.core.crud import viewable_or_404
from teixit.core.htmx import template_for
from teixit.core.service_calls import call_service
from teixit.core.storage_errors import storage_failure_as_error
from teixit.core.uploads import private_file_response

from . import selectors, services
from .forms import MaterialFilterForm, MaterialForm
from .models import Material, MaterialVersion


class MaterialListView(ListView):
    template_name = "materials/material_list.html"
    context_object_name = "materials"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = MaterialFilterForm(self.request.GET or None)
        return selectors.material_list_for_user(
            self.request.user, filters=self.filter_form.filters()
        )

    def get_template_names(self):
        return [template_for(self.request, self.template_name, "results")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_add"] = self.request.user.has_perm("materials.add_material")
        context["pending"] = selectors.material_list_pending(self.request.user)
        return context


class MaterialDetailView(DetailView):
    template_name = "materials/material_detail.html"
    context_object_name = "material"

    def get_object(self, queryset=None):
        return viewable_or_404(
            self.request,
            lambda: selectors.material_get_for_detail(self.kwargs["pk"]),
            "materials.view_material",
            forbidden_when_logged_in=True,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, material = self.request.user, self.object
        versions = list(material.versions.all())
        context["versions"] = versions
        context["current"] = versions[0] if versions else None
        context["can_change"] = user.has_perm("materials.change_material", material)
        context["can_publish"] = (
            user.has_perm("materials.publish_material", material)
            and not material.is_published
        )
        return context


class _MaterialFormMixin:
    model = Material
    form_class = MaterialForm
    template_name = "materials/material_form.html"

    def form_valid(self, form):
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("themes", "file", "note")
        }
        kwargs = {"data": data, "themes": form.cleaned_data["themes"], "file": form.cleaned_data.get("file"),
                  "note": form.cleaned_data.get("note", "")}  # fmt: skip
        try:
            with storage_failure_as_error():
                if self.object is None:
                    material = services.material_create(
                        created_by=self.request.user, **kwargs
                    )
                else:
                    material = services.material_update(
                        material=self.object, uploaded_by=self.request.user, **kwargs
                    )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The material has been saved."))
        return redirect(material)


class MaterialCreateView(LoginRequiredMixin, _MaterialFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "materials.add_material"
        ):
            raise PermissionDenied(
                _("Only people working for a member of the network can add materials.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        from teixit.network.models import Technician

        post = Technician.objects.current().filter(user=self.request.user).first()
        return {"author_member": post.member_id} if post else {}


class MaterialUpdateView(LoginRequiredMixin, _MaterialFormMixin, UpdateView):
    def get_object(self, queryset=None):
        material = get_object_or_404(Material, pk=self.kwargs["pk"])
        if not self.request.user.has_perm("materials.change_material", material):
            raise PermissionDenied
        return material


@require_POST
def material_publish(request, pk: int):
    material = get_object_or_404(Material, pk=pk)
    if not request.user.has_perm("materials.publish_material", material):
        raise PermissionDenied
    call_service(
        request,
        lambda: services.material_publish(material=material),
        _("The material is published."),
    )
    return redirect(material)


def _version_for(request, pk: int, number: int) -> MaterialVersion:
    version = get_object_or_404(
        MaterialVersion.objects.select_related("material"),
        material_id=pk,
        number=number,
    )
    if not request.user.has_perm("materials.view_material", version.material):
        raise Http404
    return version


def material_download(request, pk: int, number: int):
    """A version's file, for those who may see the material."""
    version = _version_for(request, pk, number)
    return private_file_response(
        version.file,
        filename=version.original_name,
        content_type=version.content_type,
    )


def material_preview(request, pk: int, number: int):
    version = _version_for(request, pk, number)
    if not version.preview:
        raise Http404
    response = FileResponse(version.preview.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    return response
