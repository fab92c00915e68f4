from django.urls import path

from everyreader.outreach import views_me

app_name = "delivery"

urlpatterns = [
    path("", views_me.MyDeliveryView.as_view(), name="me"),
]
