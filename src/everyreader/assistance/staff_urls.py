from django.urls import path

from everyreader.assistance import views_devices, views_slots

app_name = "assistance_staff"

urlpatterns = [
    path("devices/", views_devices.DeviceListView.as_view(), name="devices"),
    path("devices/new/", views_devices.DeviceCreateView.as_view(), name="device_create"),
    path("devices/<int:pk>/", views_devices.DeviceDetailView.as_view(), name="device"),
    path("devices/<int:pk>/edit/", views_devices.DeviceEditView.as_view(), name="device_edit"),
    path("devices/<int:pk>/check-in/", views_devices.DeviceCheckInView.as_view(), name="device_checkin"),
    path("devices/<int:pk>/safety/", views_devices.DeviceSafetyView.as_view(), name="device_safety"),
    path("devices/<int:pk>/repaired/", views_devices.DeviceRepairedView.as_view(), name="device_repaired"),
    path("devices/<int:pk>/book/", views_devices.DeviceBookForReaderView.as_view(), name="device_book"),
    path("bookings/", views_devices.BookingListView.as_view(), name="bookings"),
    path("bookings/<int:pk>/<slug:action>/", views_devices.BookingActionView.as_view(), name="booking_action"),
    path("checks/", views_devices.ConditionLogView.as_view(), name="checks"),
    path("slots/", views_slots.SlotListView.as_view(), name="slots"),
    path("slots/new/", views_slots.SlotCreateView.as_view(), name="slot_create"),
    path("slots/weekly/new/", views_slots.RuleCreateView.as_view(), name="rule_create"),
    path("slots/weekly/<int:pk>/end/", views_slots.RuleEndView.as_view(), name="rule_end"),
    path("slots/<int:pk>/", views_slots.SlotDetailView.as_view(), name="slot"),
    path("slots/<int:pk>/book/", views_slots.SlotBookForReaderView.as_view(), name="slot_book"),
    path("slots/<int:pk>/cancel/", views_slots.SlotCancelView.as_view(), name="slot_cancel"),
    path("slots/<int:pk>/helper/", views_slots.SlotHelperView.as_view(), name="slot_helper"),
    path("slot-bookings/<int:pk>/<slug:action>/", views_slots.BookingOutcomeView.as_view(), name="slot_booking"),
    path("services/", views_slots.ServiceTypeListView.as_view(), name="services"),
    path("services/new/", views_slots.ServiceTypeFormView.as_view(), name="service_create"),
    path("services/<int:pk>/", views_slots.ServiceTypeFormView.as_view(), name="service_update"),
]
