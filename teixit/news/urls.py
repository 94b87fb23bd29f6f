from django.urls import path

from . import views
from .feeds import NewsFeed, ThemeNewsFeed

app_name = "news"

urlpatterns = [
    path("news/", views.news_list, name="list"),
    path("news/feed/", NewsFeed(), name="feed"),
    path("news/themes/<int:pk>/feed/", ThemeNewsFeed(), name="theme_feed"),
    path("news/new/", views.news_create, name="create"),
    path("news/<slug:slug>/", views.news_detail, name="detail"),
    path("news/<slug:slug>/edit/", views.news_edit, name="edit"),
    path("news/<slug:slug>/publish/", views.news_publish, name="publish"),
    path("news/<slug:slug>/image/", views.news_image, name="image"),
]
