from django.urls import path

from everyreader.messaging import views

app_name = "messaging"

urlpatterns = [
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/<int:pk>/outcome/", views.CallOutcomeView.as_view(), name="call_outcome"),
    path("letters/", views.LettersView.as_view(), name="letters"),
    path("letters/<int:pk>/download/", views.LetterBatchDownloadView.as_view(), name="letter_batch_download"),
    path("log/", views.MessageLogView.as_view(), name="log"),
]
