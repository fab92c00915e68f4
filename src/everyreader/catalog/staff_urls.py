from django.urls import path

from everyreader.catalog import staff_views as views

app_name = "catalogue"

urlpatterns = [
    path("", views.RecordListView.as_view(), name="record_list"),
    path("records/new/", views.RecordFormView.as_view(), name="record_create"),
    path("records/<int:pk>/", views.StaffRecordDetailView.as_view(), name="record_detail"),
    path("records/<int:pk>/edit/", views.RecordEditView.as_view(), name="record_update"),
    path("records/<int:pk>/items/new/", views.ItemCreateView.as_view(), name="item_create"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item_update"),
    path("batch/", views.BatchEditView.as_view(), name="batch_edit"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("imports/", views.ImportListView.as_view(), name="import_list"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<int:pk>/resume/", views.ImportResumeView.as_view(), name="import_resume"),
]
