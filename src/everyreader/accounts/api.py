from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import DjangoModelPermissions

from everyreader.accounts import selectors, services
from everyreader.accounts.models import Branch, Department, User
from everyreader.accounts.roles import ALL_ROLES


class ModelPermissions(DjangoModelPermissions):
    """Model permissions that also guard reads (view_*)."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class BranchSerializer(serializers.ModelSerializer):
    opening_days = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=6),
                                         required=False)

    class Meta:
        model = Branch
        fields = ["id", "code", "name", "address", "phone", "opening_days", "accessibility_notes", "is_active"]


class DepartmentSerializer(serializers.ModelSerializer):
    members = serializers.PrimaryKeyRelatedField(many=True, queryset=User.objects.all(), required=False)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "duties", "head", "branch", "members", "is_active"]


class StaffSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ALL_ROLES), required=False)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "phone", "job_title", "branch",
                  "preferred_language", "is_active", "roles"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["roles"] = sorted(g.name for g in instance.groups.all())
        return data


class _ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    permission_classes = [ModelPermissions]
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema(tags=["organisation"])
class BranchViewSet(_ServiceViewSet):
    serializer_class = BranchSerializer

    def get_queryset(self):
        return Branch.objects.order_by("name")

    def perform_create(self, serializer):
        serializer.instance = services.branch_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.branch_update(actor=self.request.user, branch=serializer.instance,
                                                     **serializer.validated_data)


@extend_schema(tags=["organisation"])
class DepartmentViewSet(_ServiceViewSet):
    serializer_class = DepartmentSerializer

    def get_queryset(self):
        return Department.objects.select_related("head", "branch").prefetch_related("members").order_by("name")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        members = data.pop("members", [])
        serializer.instance = services.department_create(actor=self.request.user, members=members, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        members = data.pop("members", None)
        serializer.instance = services.department_update(
            actor=self.request.user, department=serializer.instance, members=members, **data)


@extend_schema(tags=["organisation"])
class StaffViewSet(_ServiceViewSet):
    serializer_class = StaffSerializer
    queryset = User.objects.none()

    def get_queryset(self):
        return selectors.staff_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        roles = data.pop("roles", [])
        serializer.instance = services.staff_create(actor=self.request.user, password=None, roles=roles, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        roles = data.pop("roles", None)
        serializer.instance = services.staff_update(actor=self.request.user, user=serializer.instance,
                                                    roles=roles, **data)
