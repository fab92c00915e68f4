from django.urls import path

from everyreader.assistance import views

app_name = "assistance"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("times/", views.TimesView.as_view(), name="times"),
    path("times/<int:pk>/book/", views.SlotBookView.as_view(), name="book_slot"),
    path("devices/<int:pk>/book/", views.DeviceBookView.as_view(), name="book_device"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("mine/<str:kind>/<int:pk>/cancel/", views.MyCancelView.as_view(), name="cancel"),
]
