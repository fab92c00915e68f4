"""REST API of circulation: checkout, check-in, loans (renew), holds (place, cancel), fines (pay,
waive), policies.

Staff act with their role's permissions (roles.py). A reader's token sees and acts on the reader's
own loans and holds only: querysets are narrowed to them and the services check ownership.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated
from rest_framework.response import Response

from everyreader.accounts.access import branch_by_code, branch_by_id
from everyreader.accounts.models import Branch
from everyreader.catalog.models import Item, Record
from everyreader.catalog.vocab import Format
from everyreader.circulation import checkin_elsewhere, desk_queries, fines, selectors, services
from everyreader.circulation.models import Channel, CirculationPolicy, Fine, FineStatus, Hold, Loan
from everyreader.core.permissions import require_perm
from everyreader.readers.models import Reader
from everyreader.readers.selectors import reader_by_card, reader_for_user


class ModelPermissions(DjangoModelPermissions):
    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


def _item(barcode: str) -> Item:
    item = desk_queries.item_by_barcode(barcode)
    if item is None:
        raise serializers.ValidationError({"item": [_("No item has this barcode.")]})
    return item


def _branch(code: str, user, *, field: str = "branch") -> Branch:
    if code:
        branch = branch_by_code(code)
        if branch is None:
            raise serializers.ValidationError({field: [_("No branch has this code.")]})
        return branch
    if getattr(user, "branch_id", None):
        return branch_by_id(user.branch_id)
    raise serializers.ValidationError({field: [_("Say at which branch this happens.")]})


# --- serializers -----------------------------------------------------------------------------------

class LoanSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.barcode", read_only=True)
    title = serializers.CharField(source="item.record.title", read_only=True)
    format = serializers.CharField(source="item.format", read_only=True)
    reader = serializers.CharField(source="reader.card_number", read_only=True, allow_null=True, default=None)
    branch = serializers.CharField(source="branch.code", read_only=True)

    class Meta:
        model = Loan
        fields = ["id", "item", "title", "format", "reader", "branch", "channel", "checked_out_at", "due_at",
                  "returned_at", "renewal_count"]
        read_only_fields = fields


class CheckoutSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=40, help_text="Item barcode")
    reader = serializers.CharField(max_length=32, help_text="Library card number")
    branch = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                   help_text="Branch code; default: the staff member's branch")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.DESK)


class CheckinSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=40, help_text="Item barcode")
    branch = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                   help_text="Branch code; default: the staff member's branch")


class CheckinResultSerializer(serializers.Serializer):
    item = serializers.CharField()
    action = serializers.ChoiceField(choices=["shelve", "hold_shelf", "transfer_hold", "transfer_home"])
    message = serializers.CharField()
    warnings = serializers.ListField(child=serializers.CharField())
    loan = serializers.IntegerField(allow_null=True)
    hold = serializers.IntegerField(allow_null=True)
    send_to = serializers.CharField(allow_null=True, help_text="Branch code to send the item to")
    fine = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True,
                                    help_text="The overdue fine this return cost, if the loan's policy charges one")


class HoldSerializer(serializers.ModelSerializer):
    record = serializers.PrimaryKeyRelatedField(queryset=Record.objects.all())
    title = serializers.CharField(source="record.title", read_only=True)
    reader = serializers.CharField(max_length=32, required=False, allow_blank=True,
                                   help_text="Library card number (staff); readers hold for themselves")
    pickup_branch = serializers.SlugRelatedField(slug_field="code", queryset=Branch.objects.filter(is_active=True))
    item = serializers.CharField(source="item.barcode", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Hold
        fields = ["id", "record", "title", "reader", "pickup_branch", "status", "placed_at", "item", "ready_at",
                  "expires_at"]
        read_only_fields = ["status", "placed_at", "ready_at", "expires_at"]
        validators = []  # the services check duplicates (and the database has the constraints)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["reader"] = instance.reader.card_number if instance.reader_id else None
        return data


class FineSerializer(serializers.ModelSerializer):
    reader = serializers.CharField(source="reader.card_number", read_only=True)
    branch = serializers.CharField(source="branch.code", read_only=True)

    class Meta:
        model = Fine
        fields = ["id", "reader", "title", "barcode", "branch", "days_late", "amount", "status", "assessed_at",
                  "settled_at", "note"]
        read_only_fields = fields


class SettleSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=fines.NOTE_MAX, required=False, allow_blank=True,
                                 help_text="Receipt number when paid; the reason (required) when waived")


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PolicySerializer(serializers.ModelSerializer):
    branch = serializers.SlugRelatedField(slug_field="code", queryset=Branch.objects.all(), required=False,
                                          allow_null=True)
    format = serializers.ChoiceField(choices=[("", "any"), *Format.choices], required=False, allow_blank=True)
    fine_per_day = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, max_value=1000,
                                            required=False)
    max_fine = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0, max_value=10000,
                                        required=False, help_text="Largest fine for one item; 0: no limit")

    class Meta:
        model = CirculationPolicy
        fields = ["id", "reader_category", "format", "branch", "loan_days", "max_renewals", "item_limit",
                  "hold_limit", "fine_per_day", "grace_days", "max_fine", "free_postal", "auto_renew",
                  "hold_pickup_days", "note"]
        validators = []


# --- operations ------------------------------------------------------------------------------------

@extend_schema(tags=["circulation"], request=CheckoutSerializer, responses={201: LoanSerializer},
               summary="Check an item out to a reader")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def checkout(request):
    require_perm(request.user, "circulation.add_loan")
    data = _valid(CheckoutSerializer, request)
    item = _item(data["item"])
    # Only the columns the checkout reads: this is the hot path of the desk.
    reader = desk_queries.reader_by_card(data["reader"])
    if reader is None:
        raise serializers.ValidationError({"reader": [_("No reader has this card number.")]})
    branch = _branch(data.get("branch", ""), request.user)
    loan = services.checkout(actor=request.user, item=item, reader=reader, branch=branch, channel=data["channel"])
    # Built by hand (same shape as LoanSerializer): this is the hot path of the desk.
    return Response({"id": loan.pk, "item": item.barcode, "title": item.record.title, "format": item.format,
                     "reader": reader.card_number, "branch": branch.code, "channel": loan.channel,
                     "checked_out_at": loan.checked_out_at, "due_at": loan.due_at, "returned_at": None,
                     "renewal_count": 0}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["circulation"], request=CheckinSerializer, responses=CheckinResultSerializer,
               summary="Check an item in (or receive it from another branch) and say where it goes")
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def checkin(request):
    require_perm(request.user, "circulation.change_loan")
    data = _valid(CheckinSerializer, request)
    item = _item(data["item"])
    elsewhere = checkin_elsewhere.where(item)
    if elsewhere is not None:
        raise serializers.ValidationError({"item": [str(elsewhere[0])], "check_in_at": [elsewhere[1]]})
    branch = _branch(data.get("branch", ""), request.user)
    result = services.checkin(actor=request.user, item=item, branch=branch)
    return Response({"item": item.barcode, "action": result.action, "message": str(result.message),
                     "warnings": [str(w) for w in result.warnings],
                     "loan": result.loan.pk if result.loan else None,
                     "hold": result.hold.pk if result.hold else None,
                     "send_to": result.transfer.to_branch.code if result.transfer else None,
                     "fine": fines.money(result.fine.amount) if result.fine else None})


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _own_reader(user) -> Reader | None:
    return reader_for_user(user)


@extend_schema(tags=["circulation"], parameters=[
    OpenApiParameter("reader", str, description="card number (staff)"),
    OpenApiParameter("open", bool, description="only loans not yet returned")])
class LoanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff with circulation.view_loan see every loan; a reader sees their own."""

    serializer_class = LoanSerializer
    permission_classes = [IsAuthenticated]
    queryset = Loan.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = Loan.objects.select_related("item__record", "reader", "branch").order_by("-checked_out_at", "-id")
        if user.has_perm("circulation.view_loan"):
            card = self.request.query_params.get("reader", "")
            if card:
                qs = qs.filter(reader__card_number=card)
        else:
            own = _own_reader(user)
            if own is None:
                return Loan.objects.none()
            qs = qs.filter(reader=own)
            if not selectors.keeps_history(own):
                qs = qs.filter(returned_at__isnull=True)
        if self.request.query_params.get("open", "").lower() in ("1", "true"):
            qs = qs.filter(returned_at__isnull=True)
        return qs

    @extend_schema(request=None, responses=LoanSerializer, summary="Renew a loan")
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        loan = services.renew(actor=request.user, loan=self.get_object())
        return Response(LoanSerializer(loan).data)


@extend_schema(tags=["circulation"])
class HoldViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  viewsets.GenericViewSet):
    """Staff with circulation.view_hold see every hold; a reader sees and places their own."""

    serializer_class = HoldSerializer
    permission_classes = [IsAuthenticated]
    queryset = Hold.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = Hold.objects.select_related("record", "reader", "pickup_branch", "item").order_by("placed_at", "id")
        if user.has_perm("circulation.view_hold"):
            return qs
        own = _own_reader(user)
        return qs.filter(reader=own) if own is not None else Hold.objects.none()

    def perform_create(self, serializer):
        data = serializer.validated_data
        user = self.request.user
        card = (data.get("reader") or "").strip()
        if card:
            reader = reader_by_card(card)
            if reader is None:
                raise serializers.ValidationError({"reader": [_("No reader has this card number.")]})
        else:
            reader = _own_reader(user)
            if reader is None:
                raise serializers.ValidationError({"reader": [_("Give the reader's card number.")]})
        serializer.instance = services.hold_place(actor=user, reader=reader, record=data["record"],
                                                  pickup_branch=data["pickup_branch"])

    @extend_schema(request=CancelSerializer, responses=HoldSerializer, summary="Cancel a hold")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = _valid(CancelSerializer, request)
        hold = services.hold_cancel(actor=request.user, hold=self.get_object(), reason=data.get("reason", ""))
        return Response(HoldSerializer(hold).data)


@extend_schema(tags=["circulation"], parameters=[
    OpenApiParameter("reader", str, description="card number (staff)"),
    OpenApiParameter("status", str, enum=FineStatus.values, description="only fines in this state")])
class FineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff with circulation.view_fine see every fine, pay (change_fine) and waive (waive_fine, with a
    reason); a reader sees their own."""

    serializer_class = FineSerializer
    permission_classes = [IsAuthenticated]
    queryset = Fine.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = Fine.objects.select_related("reader", "branch").order_by("-assessed_at", "-id")
        if user.has_perm("circulation.view_fine"):
            card = self.request.query_params.get("reader", "")
            if card:
                qs = qs.filter(reader__card_number=card)
        else:
            own = _own_reader(user)
            if own is None:
                return Fine.objects.none()
            qs = qs.filter(reader=own)
        state = self.request.query_params.get("status", "")
        if state:
            if state not in FineStatus.values:
                raise serializers.ValidationError({"status": [_("Choose a status from the list.")]})
            qs = qs.filter(status=state)
        return qs

    @extend_schema(request=SettleSerializer, responses=FineSerializer, summary="Record that a fine was paid")
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        data = _valid(SettleSerializer, request)
        fine = fines.fine_pay(actor=request.user, fine=self.get_object(), note=data.get("note", ""))
        return Response(FineSerializer(fine).data)

    @extend_schema(request=SettleSerializer, responses=FineSerializer, summary="Waive a fine (a reason is required)")
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        data = _valid(SettleSerializer, request)
        fine = fines.fine_waive(actor=request.user, fine=self.get_object(), reason=data.get("note", ""))
        return Response(FineSerializer(fine).data)


@extend_schema(tags=["circulation"])
class PolicyViewSet(viewsets.ModelViewSet):
    """The policy matrix: staff with view permission read it; administrators change it."""

    serializer_class = PolicySerializer
    permission_classes = [ModelPermissions]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    queryset = CirculationPolicy.objects.none()

    def get_queryset(self):
        return CirculationPolicy.objects.select_related("branch").order_by("reader_category", "format", "id")

    def perform_create(self, serializer):
        serializer.instance = services.policy_save(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.policy_save(actor=self.request.user, policy=serializer.instance,
                                                   **serializer.validated_data)

    def perform_destroy(self, instance):
        services.policy_delete(actor=self.request.user, policy=instance)
