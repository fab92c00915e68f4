from django.urls import path

from everyreader.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record"),
    path("feeds/accessible.atom", views.AccessibleTitlesFeed(), name="feed_accessible"),
]
