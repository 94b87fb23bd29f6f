from django.urls import path

from . import governance_views, views

app_name = "workplans"

urlpatterns = [
    path("plan/", views.plan_list, name="plan_list"),
    path("plan/import/", views.plan_import_view, name="plan_import"),
    path("plan/my-actions/", views.my_actions_view, name="my_actions"),
    path("plan/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plan/<int:pk>/dashboard/", views.plan_dashboard, name="plan_dashboard"),
    path("plan/<int:pk>/timeline/", views.plan_timeline, name="plan_timeline"),
    path("plan/<int:pk>/report/", views.plan_report, name="plan_report"),
    path("plan/<int:pk>/report.<str:fmt>", views.plan_report, name="plan_report_file"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plan/<int:pk>/schedule/", views.plan_schedule, name="plan_schedule"),
    path("plan/<int:pk>/copy/", views.plan_copy_view, name="plan_copy"),
    path("plan/actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("plan/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("plan/evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path(
        "plan/actions/<int:pk>/governance/",
        governance_views.action_governance,
        name="action_governance",
    ),
    path(
        "plan/<int:pk>/assembly/", governance_views.plan_assembly, name="plan_assembly"
    ),
    path(
        "plan/<int:pk>/assembly.<str:fmt>",
        governance_views.plan_assembly,
        name="plan_assembly_file",
    ),
    path(
        "plan/<int:pk>/evaluation/",
        governance_views.plan_evaluation,
        name="plan_evaluation",
    ),
    path(
        "plan/<int:pk>/link-sources/",
        governance_views.plan_sources_link_view,
        name="plan_sources_link",
    ),
]
