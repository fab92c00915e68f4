from rest_framework.routers import SimpleRouter

from everyreader.accounts import api

router = SimpleRouter()
router.register("branches", api.BranchViewSet, basename="branch")
router.register("departments", api.DepartmentViewSet, basename="department")
router.register("staff", api.StaffViewSet, basename="staff")

urlpatterns = router.urls
