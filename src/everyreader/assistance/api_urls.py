from rest_framework.routers import SimpleRouter

from everyreader.assistance import api

router = SimpleRouter()
router.register("assistance/devices", api.DeviceViewSet, basename="assistance-device")
router.register("assistance/services", api.ServiceTypeViewSet, basename="assistance-service")
router.register("assistance/slots", api.SlotViewSet, basename="assistance-slot")
router.register("assistance/device-bookings", api.DeviceBookingViewSet, basename="assistance-device-booking")
router.register("assistance/slot-bookings", api.SlotBookingViewSet, basename="assistance-slot-booking")

urlpatterns = router.urls
