from django.urls import path

from everyreader.core import views

app_name = "staff"

urlpatterns = [
    path("", views.StaffHomeView.as_view(), name="home"),
    path("audit/", views.AuditLogView.as_view(), name="audit_log"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
]
