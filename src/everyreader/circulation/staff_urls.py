from django.urls import path

from everyreader.circulation import views

app_name = "circulation"

urlpatterns = [
    path("policies/", views.PolicyListView.as_view(), name="policy_list"),
    path("policies/new/", views.PolicyCreateView.as_view(), name="policy_create"),
    path("policies/<int:pk>/edit/", views.PolicyUpdateView.as_view(), name="policy_update"),
    path("policies/<int:pk>/delete/", views.PolicyDeleteView.as_view(), name="policy_delete"),
]
