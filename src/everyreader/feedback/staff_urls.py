from django.urls import path

from everyreader.feedback import views_analysis, views_settings, views_staff

app_name = "feedback_staff"

urlpatterns = [
    path("", views_staff.QueueView.as_view(), name="queue"),
    path("new/", views_staff.EntryView.as_view(), name="entry"),
    path("<int:pk>/", views_staff.DetailView.as_view(), name="detail"),
    path("<int:pk>/submitter/", views_staff.SubmitterView.as_view(), name="submitter"),
    path("<int:pk>/assign/", views_staff.AssignView.as_view(), name="assign"),
    path("<int:pk>/start/", views_staff.StartView.as_view(), name="start"),
    path("<int:pk>/respond/", views_staff.RespondView.as_view(), name="respond"),
    path("<int:pk>/close/", views_staff.CloseView.as_view(), name="close"),
    path("<int:pk>/reopen/", views_staff.ReopenView.as_view(), name="reopen"),
    path("<int:pk>/attachments/<int:attachment_id>/", views_staff.AttachmentView.as_view(), name="attachment"),
    path("analysis/", views_analysis.AnalysisView.as_view(), name="analysis"),
    path("analysis/export.<str:fmt>", views_analysis.ExportView.as_view(), name="export"),
    path("settings/", views_settings.SettingsView.as_view(), name="settings"),
    path("settings/categories/new/", views_settings.CategoryFormView.as_view(), name="category_create"),
    path("settings/categories/<int:pk>/", views_settings.CategoryFormView.as_view(), name="category_update"),
    path("settings/targets/<int:pk>/", views_settings.TargetFormView.as_view(), name="target_update"),
    path("actions/", views_settings.ActionListView.as_view(), name="actions"),
    path("actions/<int:pk>/", views_settings.ActionFormView.as_view(), name="action_update"),
]
