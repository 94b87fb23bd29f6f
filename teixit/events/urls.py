from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/new/", views.event_create, name="create"),
    path("events/feed.ics", views.event_feed, name="feed"),
    path("events/agreements/", views.my_agreements, name="my_agreements"),
    path(
        "events/agreements/<int:agreement_pk>/done/",
        views.agreement_done,
        name="agreement_done",
    ),
    path("events/representation/", views.representation, name="representation"),
    path(
        "events/invitation/<str:token>/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("events/<int:pk>/edit/", views.event_update, name="update"),
    path("events/<int:pk>/submit/", views.event_submit, name="submit"),
    path("events/<int:pk>/publish/", views.event_publish, name="publish"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("events/<int:pk>/held/", views.event_mark_held, name="held"),
    path("events/<int:pk>/event.ics", views.event_ics, name="ics"),
    path("events/<int:pk>/register/", views.event_register, name="register"),
    path("events/<int:pk>/unregister/", views.registration_cancel, name="unregister"),
    path(
        "events/<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("events/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("events/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path(
        "events/<int:pk>/registrations/<int:registration_pk>/certificate.pdf",
        views.certificate,
        name="registration_certificate",
    ),
    path("events/<int:pk>/invitations/", views.invitations, name="invitations"),
    path("events/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("events/<int:pk>/documents/", views.document_add, name="document_add"),
    path("events/<int:pk>/documents/<int:doc>/", views.document_file, name="document"),
    path("events/<int:pk>/agreements/", views.agreement_add, name="agreement_add"),
]
