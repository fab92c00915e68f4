from django.urls import path

from everyreader.core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("after-login/", views.after_login, name="after_login"),
    path("me/", views.MyAccountView.as_view(), name="me"),
    path("display/", views.DisplayPreferencesView.as_view(), name="display"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("help/", views.HelpView.as_view(), name="help"),
    path("healthz", views.healthz, name="healthz"),
]
