from django.urls import path

from everyreader.feedback import views, views_wizard

app_name = "feedback"

urlpatterns = [
    path("", views.FeedbackView.as_view(), name="form"),
    path("step/<slug:name>/", views_wizard.StepView.as_view(), name="step"),
    path("check/", views_wizard.CheckView.as_view(), name="check"),
    path("received/", views.ReceivedView.as_view(), name="received"),
    path("mine/", views.MyFeedbackView.as_view(), name="mine"),
    path("t/<str:token>/", views.StatusView.as_view(), name="status"),
]
