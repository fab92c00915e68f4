from django.urls import path
from rest_framework.routers import SimpleRouter

from everyreader.catalog import api

router = SimpleRouter()
router.register("catalog/records", api.RecordViewSet, basename="catalog-record")
router.register("catalog/items", api.ItemViewSet, basename="catalog-item")

urlpatterns = [path("catalog/search/", api.search, name="catalog-search"), *router.urls]
