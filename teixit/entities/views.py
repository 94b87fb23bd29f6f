"""Pages of the register: entity page, technicians' lists, proposal form,
create/edit, moderation actions, merge, imports and open-data export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from teixit.core.clients import client_ip
from teixit.core.htmx import template_for
from teixit.core.redirects import next_url
from teixit.core.service_calls import call_service
from teixit.core.storage_errors import storage_failure_as_error

from . import services
from .conf import entities_proposal_rate_limit, entities_unverified_days
from .exporting import EXPORTERS, FORMATS, licence
from .forms import (
    EntityForm,
    FilterForm,
    ImportUploadForm,
    MappingForm,
    MergeForm,
    ProposalForm,
    StatusFilterForm,
)
from .importing import (
    FIELD_KINDS,
    PRESET_DESCRIPTIONS,
    PRESETS,
    ImportFileError,
    auto_mapping,
    import_batch_fail_if_stale,
    import_progress,
    mapping_preview,
    open_tabular,
)
from .models import Entity, ImportBatch, SavedMapping
from .selectors import (
    EntityFilters,
    entity_history,
    entity_list_for_user,
    entity_list_public,
    entity_list_unverified,
    entity_status_counts,
    entity_unverified_count,
    municipalities_for,
)

FORM_FIELDS = EntityForm.Meta.fields


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _entity_data(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in FORM_FIELDS
        if name in form.cleaned_data
    }


def entity_detail(request, pk: int):
    entity = get_object_or_404(
        Entity.objects.select_related(
            "municipality", "municipality__comarca", "legal_form", "merged_into"
        ),
        pk=pk,
    )
    if not request.user.has_perm("entities.view_entity", entity):
        raise Http404
    can_manage = request.user.has_perm("entities.change_entity", entity)
    context = {
        "entity": entity,
        "can_manage": can_manage,
        "contact": entity.public_contact,
        "unverified_days": entities_unverified_days(),
    }
    if can_manage:
        context["history"] = entity_history(entity)
        context["duplicates"] = services.entity_find_duplicates(
            name=entity.name,
            municipality_id=entity.municipality_id,
            tax_id=entity.tax_id,
            exclude_pk=entity.pk,
            viewer=request.user,
        )
        limit = timezone.localdate() - timezone.timedelta(
            days=entities_unverified_days()
        )
        context["is_unverified"] = entity.status == Entity.Status.PUBLISHED and (
            entity.last_verified_on is None or entity.last_verified_on < limit
        )
    return render(request, "entities/entity_detail.html", context)


class EntityManageListView(LoginRequiredMixin, View):
    """Technicians' list of the entities they manage (all statuses)."""

    template = "entities/entity_manage_list.html"

    def get(self, request):
        _require(request, "entities.list_managed_entities")
        form = StatusFilterForm(request.GET or None)
        filters = EntityFilters.from_query(request.GET)
        status = request.GET.get("status") or None
        # The rows show name, municipality, status and verification: the
        # entities' sectors are not read.
        qs = entity_list_for_user(request.user, filters, status=status)
        # One grouped query for the four badges (it was a COUNT per status);
        # without filters the paginator takes its total from it too.
        counts = entity_status_counts(request.user)
        paginator = Paginator(qs, 50)
        if filters.is_empty and (status is None or status in counts):
            paginator.count = (
                counts[status] if status is not None else sum(counts.values())
            )
        page = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            template_for(request, self.template, "results"),
            {
                "form": form,
                "page_obj": page,
                "entities": page.object_list,
                "counts": counts,
                "statuses": Entity.Status,
            },
        )


class _KeptCountPaginator(Paginator):
    """A paginator whose `count` may be a kept (slightly old) total: a page
    reads its `per_page` rows without cutting them at that total."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(
            self.object_list[bottom : bottom + self.per_page], number, self
        )


class EntityUnverifiedListView(LoginRequiredMixin, View):
    def get(self, request):
        _require(request, "entities.list_managed_entities")
        qs = entity_list_unverified(request.user)
        paginator = _KeptCountPaginator(qs, 50)
        # The total only sets "page N of M": shared and kept, at most a minute
        # late (see the selector); a page still shows its 50 rows if more went
        # stale meanwhile.
        paginator.count = entity_unverified_count(request.user)
        page = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            "entities/entity_unverified_list.html",
            {
                "page_obj": page,
                "entities": page.object_list,
                "days": entities_unverified_days(),
            },
        )


class EntityCreateView(LoginRequiredMixin, View):
    template = "entities/entity_form.html"

    def get(self, request):
        _require(request, "entities.add_entity")
        form = EntityForm(municipalities=municipalities_for(request.user))
        return render(request, self.template, {"form": form, "creating": True})

    def post(self, request):
        _require(request, "entities.add_entity")
        form = EntityForm(request.POST, municipalities=municipalities_for(request.user))
        if form.is_valid():
            data = _entity_data(form)
            duplicates = services.entity_find_duplicates(
                name=data["name"],
                municipality_id=data["municipality"].pk,
                tax_id=data.get("tax_id", ""),
                viewer=request.user,
            )
            if duplicates and not form.cleaned_data.get("confirm_not_duplicate"):
                form.duplicates = duplicates
                messages.warning(
                    request,
                    _(
                        "This entity may already be in the register: check the list below."
                    ),
                )
            else:
                try:
                    entity = services.entity_create(actor=request.user, **data)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("Entity created and published."))
                    return redirect(entity)
        return render(
            request,
            self.template,
            {"form": form, "creating": True, "duplicates": form.duplicates},
        )


class EntityUpdateView(LoginRequiredMixin, View):
    template = "entities/entity_form.html"

    def _entity(self, request, pk):
        entity = get_object_or_404(Entity, pk=pk)
        _require(request, "entities.change_entity", entity)
        return entity

    def get(self, request, pk):
        entity = self._entity(request, pk)
        form = EntityForm(
            instance=entity, municipalities=municipalities_for(request.user)
        )
        return render(request, self.template, {"form": form, "entity": entity})

    def post(self, request, pk):
        entity = self._entity(request, pk)
        form = EntityForm(
            request.POST,
            instance=entity,
            municipalities=municipalities_for(request.user),
        )
        if form.is_valid():
            try:
                services.entity_update(
                    entity=entity, actor=request.user, **_entity_data(form)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(entity)
        return render(request, self.template, {"form": form, "entity": entity})


def _action(service, success: str):
    @require_POST
    def view(request, pk: int):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        entity = get_object_or_404(Entity, pk=pk)
        call_service(
            request, lambda: service(entity=entity, actor=request.user), str(success)
        )
        return redirect(next_url(request, entity.get_absolute_url()))

    return view


entity_publish = _action(services.entity_publish, gettext_lazy("Entity published."))
entity_archive = _action(services.entity_archive, gettext_lazy("Entity archived."))
entity_verify = _action(
    services.entity_verify, gettext_lazy("Entity marked as verified today.")
)


class EntityMergeView(LoginRequiredMixin, View):
    template = "entities/entity_merge.html"

    def _entity(self, request, pk):
        entity = get_object_or_404(Entity.objects.select_related("municipality"), pk=pk)
        _require(request, "entities.merge_entity", entity)
        return entity

    def _context(self, entity, form, other=None):
        return {
            "entity": entity,
            "form": form,
            "other": other,
            "candidates": services.entity_find_duplicates(
                name=entity.name,
                municipality_id=entity.municipality_id,
                tax_id=entity.tax_id,
                exclude_pk=entity.pk,
                viewer=self.request.user,
            ),
        }

    def get(self, request, pk):
        entity = self._entity(request, pk)
        form = MergeForm(initial={"duplicate": request.GET.get("duplicate")})
        other = None
        if request.GET.get("duplicate", "").isdigit():
            other = Entity.objects.filter(pk=request.GET["duplicate"]).first()
            if other is not None and not request.user.has_perm(
                "entities.view_entity", other
            ):
                other = None
        return render(request, self.template, self._context(entity, form, other))

    def post(self, request, pk):
        entity = self._entity(request, pk)
        form = MergeForm(request.POST)
        if form.is_valid():
            duplicate = Entity.objects.filter(pk=form.cleaned_data["duplicate"]).first()
            if duplicate is None:
                form.add_error("duplicate", _("There is no entity with this number."))
            else:
                try:
                    services.entity_merge(
                        keep=entity, duplicate=duplicate, actor=request.user
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(
                        request,
                        _("%(duplicate)s was merged into this entity.")
                        % {"duplicate": duplicate.name},
                    )
                    return redirect(entity)
        return render(request, self.template, self._context(entity, form))


def _client_ip(request) -> str:
    return client_ip(request) or "unknown"


class EntityProposeView(View):
    template = "entities/entity_propose.html"

    def get(self, request):
        return render(request, self.template, {"form": ProposalForm()})

    def post(self, request):
        form = ProposalForm(request.POST)
        key = f"teixit:entities:proposals:{_client_ip(request)}"
        if cache.get(key, 0) >= entities_proposal_rate_limit():
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many proposals from your connection: please try again in an hour."
                ),
            )
            return render(request, self.template, {"form": form}, status=429)
        if form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("homepage", "started")
            }
            try:
                services.entity_propose(proposed_by=request.user, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                cache.add(key, 0, 3600)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, 3600)
                messages.success(
                    request,
                    _(
                        "Thank you! The network's technicians will review your proposal before it appears on the map."
                    ),
                )
                return redirect("entities:propose")
        return render(request, self.template, {"form": form})


def entity_export(request):
    from teixit.vocabulary.linked_data import public_base_url

    """The export page (filters, formats), and the streamed file when `format` is given."""
    filters = EntityFilters.from_query(request.GET)
    fmt = request.GET.get("format")
    if fmt in EXPORTERS:
        qs = entity_list_public(filters)
        content_type, extension = FORMATS[fmt]
        response = StreamingHttpResponse(
            EXPORTERS[fmt](qs, base_url=public_base_url(request)),
            content_type=content_type,
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="sse-entities-{stamp}.{extension}"'
        )
        lic = licence()
        response["Link"] = f'<{lic["url"]}>; rel="license"'
        return response
    query = filters.as_query()
    from urllib.parse import urlencode

    return render(
        request,
        "entities/entity_export.html",
        {
            "form": FilterForm(request.GET or None),
            "count": entity_list_public(filters).count(),
            "downloads": [
                (f, f"?{urlencode([*query, ('format', f)])}") for f in EXPORTERS
            ],
            "licence": lic if (lic := licence()) else None,
        },
    )


# Imports -----------------------------------------------------------------------


class ImportListView(LoginRequiredMixin, View):
    def get(self, request):
        _require(request, "entities.import_entities")
        batches = ImportBatch.objects.visible_to(request.user).select_related(
            "created_by"
        )
        return render(
            request,
            "entities/import_list.html",
            {
                "form": ImportUploadForm(),
                "batches": _without_stale(batches[:50]),
                "presets": PRESETS,
            },
        )

    def post(self, request):
        _require(request, "entities.import_entities")
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with storage_failure_as_error():
                    # An empty source name is derived from the preset when the
                    # import runs, or the import asks for it (import_source).
                    batch = services.import_batch_create(
                        upload=upload,
                        source_name=form.cleaned_data["source_name"],
                        user=request.user,
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("entities:import_mapping", pk=batch.pk)
        return render(
            request,
            "entities/import_list.html",
            {
                "form": form,
                "batches": ImportBatch.objects.visible_to(request.user)[:50],
                "presets": PRESETS,
            },
        )


def _without_stale(batches) -> list[ImportBatch]:
    """The batches, those left running by a worker that is gone marked failed."""
    return [
        import_batch_fail_if_stale(batch)
        if batch.status == ImportBatch.Status.RUNNING
        else batch
        for batch in batches
    ]


def _batch_for(request, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch, pk=pk)
    _require(request, "entities.view_importbatch", batch)
    return batch


class ImportMappingView(LoginRequiredMixin, View):
    template = "entities/import_mapping.html"

    def _open(self, batch):
        try:
            return open_tabular(batch.file.path, original_name=batch.file.name)
        except ImportFileError as exc:
            return exc

    def _initial(self, request, tabular) -> dict:
        from .importing import resolve_mapping

        chosen = request.GET.get("preset", "")
        spec = None
        if chosen in PRESETS:
            spec = chosen
        elif chosen.startswith("saved:"):
            saved = SavedMapping.objects.filter(
                pk=chosen.removeprefix("saved:")
            ).first()
            spec = saved.mapping if saved else None
        mapping = resolve_mapping(spec, tabular.columns, tabular.kind)
        initial = {
            "preset": chosen or mapping.get("preset", ""),
            "key": mapping.get("key") or "",
        }
        if mapping.get("preset") or spec:
            # Fields the preset or saved mapping leaves empty: columns named
            # like them (auto_mapping) still fill them.
            guessed = auto_mapping(tabular.columns)
            for name, column in guessed["columns"].items():
                if name not in (mapping.get("columns") or {}):
                    initial[f"col_{name}"] = column
        for name, column in (mapping.get("columns") or {}).items():
            if isinstance(column, str) and column in tabular.columns:
                initial[f"col_{name}"] = column
            elif isinstance(column, dict | list):
                from .importing import _spec_columns

                present = [c for c in _spec_columns(column) if c in tabular.columns]
                if present:
                    initial[f"col_{name}"] = present[0]
        return initial, mapping

    def get(self, request, pk):
        batch = _batch_for(request, pk)
        if batch.status != ImportBatch.Status.PENDING:
            return redirect(batch)
        tabular = self._open(batch)
        if isinstance(tabular, ImportFileError):
            return render(
                request, self.template, {"batch": batch, "file_error": str(tabular)}
            )
        initial, _mapping = self._initial(request, tabular)
        form = MappingForm(initial=initial, columns=tabular.columns)
        preview = mapping_preview(
            tabular,
            {
                "columns": {
                    name: initial[f"col_{name}"]
                    for name in FIELD_KINDS
                    if initial.get(f"col_{name}")
                },
                "key": initial.get("key") or None,
            },
        )
        return render(
            request, self.template, self._context(batch, form, tabular, preview)
        )

    def _context(self, batch, form, tabular, preview=None) -> dict:
        return {
            "batch": batch,
            "form": form,
            "tabular": tabular,
            "preview": preview,
            "presets": [
                {"code": code, "label": label, "description": description}
                for code, (label, description) in PRESET_DESCRIPTIONS.items()
            ],
        }

    def post(self, request, pk):
        batch = _batch_for(request, pk)
        if batch.status != ImportBatch.Status.PENDING:
            return redirect(batch)
        tabular = self._open(batch)
        if isinstance(tabular, ImportFileError):
            return render(
                request, self.template, {"batch": batch, "file_error": str(tabular)}
            )
        form = MappingForm(request.POST, columns=tabular.columns)
        if form.is_valid() and "preview" in request.POST:
            # "Preview": the first rows with the columns chosen, nothing run.
            preview = mapping_preview(tabular, form.mapping())
            return render(
                request, self.template, self._context(batch, form, tabular, preview)
            )
        if form.is_valid():
            mapping = form.mapping()
            preset = form.cleaned_data.get("preset")
            if preset in PRESETS:
                # Keep what the preset knows beyond one column per field (joins, extras).
                base = dict(PRESETS[preset])
                base_columns = dict(base.get("columns") or {})
                for name, column in mapping["columns"].items():
                    from .importing import _spec_columns

                    if column not in _spec_columns(base_columns.get(name)):
                        base_columns[name] = column
                for name in list(base_columns):
                    if name not in mapping["columns"]:
                        base_columns.pop(name)
                mapping = {
                    **base,
                    "columns": base_columns,
                    "key": mapping["key"] or base.get("key"),
                    "preset": preset,
                }
            services.import_batch_start(
                batch=batch,
                mapping=mapping,
                dry_run=form.cleaned_data["dry_run"],
                valid_only=form.cleaned_data["valid_only"],
                total_rows=tabular.estimated_rows,
                save_as=form.cleaned_data.get("save_as") or "",
                user=request.user,
            )
            return redirect(batch)
        return render(request, self.template, self._context(batch, form, tabular))


def import_detail(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    batch = import_batch_fail_if_stale(_batch_for(request, pk))
    batch.progress, batch.total_rows = import_progress(batch)
    report = batch.report or {}
    rows = report.get("rows") or []
    show = request.GET.get("show", "problems")
    if show == "problems":
        rows = [r for r in rows if r.get("action") == "error" or r.get("messages")]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        template_for(request, "entities/import_detail.html", "status"),
        {
            "batch": batch,
            "report": report,
            "page_obj": page,
            "rows": page.object_list,
            "show": show,
        },
    )


@require_POST
def import_rerun(request, pk: int):
    """Run a finished dry run (or a refused import) for real, optionally valid
    rows only; or (`again`) run a failed batch again with the same choices."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    batch = _batch_for(request, pk)
    _require(request, "entities.import_entities")
    if not batch.is_finished:
        return redirect(batch)
    again = request.POST.get("again") == "1"
    new = services.import_batch_rerun(
        batch=batch,
        user=request.user,
        again=again,
        valid_only=request.POST.get("valid_only") == "1",
    )
    return HttpResponseRedirect(new.get_absolute_url())
