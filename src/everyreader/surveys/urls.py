from django.urls import path

from everyreader.surveys import views_take as views

app_name = "surveys"

urlpatterns = [
    path("", views.SurveyIndexView.as_view(), name="index"),
    path("<slug:token>/", views.StartView.as_view(), name="take"),
    path("<slug:token>/page/<int:page>/", views.PageView.as_view(), name="page"),
    path("<slug:token>/resume/", views.ResumeView.as_view(), name="resume"),
    path("<slug:token>/thanks/", views.DoneView.as_view(), name="done"),
    path("kiosk/<slug:token>/", views.StartView.as_view(kiosk=True), name="kiosk_take"),
    path("kiosk/<slug:token>/page/<int:page>/", views.PageView.as_view(kiosk=True), name="kiosk_page"),
    path("kiosk/<slug:token>/thanks/", views.DoneView.as_view(kiosk=True), name="kiosk_done"),
]
