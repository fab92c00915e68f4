from django.urls import path
from rest_framework.routers import SimpleRouter

from everyreader.circulation import api

router = SimpleRouter()
router.register("circulation/loans", api.LoanViewSet, basename="circulation-loan")
router.register("circulation/holds", api.HoldViewSet, basename="circulation-hold")
router.register("circulation/fines", api.FineViewSet, basename="circulation-fine")
router.register("circulation/policies", api.PolicyViewSet, basename="circulation-policy")

urlpatterns = [
    path("circulation/checkout/", api.checkout, name="circulation-checkout"),
    path("circulation/checkin/", api.checkin, name="circulation-checkin"),
    *router.urls,
]
