"""REST API for devices and assistance. Devices, services and free slots are readable by anyone
signed in; bookings are listed per user: readers see and change only their own, staff with the
permission see all and may book for a reader by card number."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from everyreader.assistance import device_services, selectors, slot_services
from everyreader.assistance.models import (
    BookingChannel, Device, DeviceBooking, ServiceType, Slot, SlotBooking,
)


class DeviceSerializer(serializers.ModelSerializer):
    barcode = serializers.CharField(source="item.barcode", read_only=True)
    branch = serializers.CharField(source="item.branch.code", read_only=True)
    status = serializers.CharField(source="item.status", read_only=True)

    class Meta:
        model = Device
        fields = ["id", "barcode", "branch", "status", "kind", "model_name", "purpose", "accessories",
                  "needs_charging", "condition", "guide_formats", "guide_url", "is_bookable"]


class StaffDeviceSerializer(DeviceSerializer):
    class Meta(DeviceSerializer.Meta):
        fields = [*DeviceSerializer.Meta.fields, "serial_number", "last_safety_check", "safety_check_months"]


class ServiceTypeSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = ServiceType
        fields = ["id", "code", "label", "description", "label_zh_hans", "label_zh_hant", "label_en", "skill",
                  "duration_minutes", "is_active"]


class SlotSerializer(serializers.ModelSerializer):
    service_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Slot
        fields = ["id", "service_type", "branch", "starts_at", "ends_at", "capacity", "booked", "places_left",
                  "location", "is_cancelled"]


class _OnBehalf(serializers.Serializer):
    card_number = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                        help_text="Staff only: book for the reader with this card.")
    channel = serializers.ChoiceField(choices=BookingChannel.choices, required=False, write_only=True)

    def validate_card_number(self, value):
        from everyreader.readers.selectors import reader_by_card

        if value and reader_by_card(value) is None:
            raise serializers.ValidationError(_("No reader has this card number."))
        return value


class DeviceBookingSerializer(_OnBehalf, serializers.ModelSerializer):
    device = serializers.PrimaryKeyRelatedField(queryset=Device.objects.all())

    class Meta:
        model = DeviceBooking
        fields = ["id", "device", "start_date", "end_date", "status", "note", "card_number", "channel", "created_at"]
        read_only_fields = ["status", "created_at"]


class SlotBookingSerializer(_OnBehalf, serializers.ModelSerializer):
    slot = serializers.PrimaryKeyRelatedField(queryset=Slot.objects.all())

    class Meta:
        model = SlotBooking
        fields = ["id", "slot", "status", "note", "card_number", "channel", "created_at"]
        read_only_fields = ["status", "created_at"]


def _reader_for(request, data):
    """The reader a booking is for: the card number's (staff) or the signed-in reader's own."""
    from everyreader.readers.selectors import reader_by_card, reader_for_user

    card = data.pop("card_number", "")
    if card:
        if not request.user.has_perm("assistance.book_for_reader"):
            raise ApiPermissionDenied
        return reader_by_card(card), data.pop("channel", BookingChannel.PHONE)
    reader = reader_for_user(request.user)
    if reader is None:
        raise serializers.ValidationError({"card_number": [_("You have no library card: give the reader's card "
                                                             "number.")]})
    data.pop("channel", None)
    return reader, BookingChannel.SELF


@extend_schema(tags=["assistance"])
class DeviceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    queryset = Device.objects.none()

    def get_serializer_class(self):
        if self.request and self.request.user.has_perm("assistance.view_device"):
            return StaffDeviceSerializer
        return DeviceSerializer

    def get_queryset(self):
        if self.request.user.has_perm("assistance.view_device"):
            return selectors.devices().order_by("pk")
        return selectors.public_devices().order_by("pk")


@extend_schema(tags=["assistance"])
class ServiceTypeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = ServiceTypeSerializer
    queryset = ServiceType.objects.none()

    def get_queryset(self):
        return selectors.service_types(active_only=not self.request.user.has_perm("assistance.view_servicetype"))


@extend_schema(tags=["assistance"])
class SlotViewSet(viewsets.ReadOnlyModelViewSet):
    """Free slots (places left, in the future); staff with the permission see every upcoming slot."""

    permission_classes = [IsAuthenticated]
    serializer_class = SlotSerializer
    queryset = Slot.objects.none()

    def get_queryset(self):
        if self.request.user.has_perm("assistance.view_slot"):
            return selectors.staff_slots()
        return selectors.open_slots()


class _BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    view_perm = ""

    def _own(self, qs):
        from everyreader.readers.selectors import reader_for_user

        if self.request.user.has_perm(self.view_perm):
            return qs
        reader = reader_for_user(self.request.user)
        return qs.filter(reader=reader) if reader else qs.none()


@extend_schema(tags=["assistance"])
class DeviceBookingViewSet(_BookingViewSet):
    serializer_class = DeviceBookingSerializer
    queryset = DeviceBooking.objects.none()
    view_perm = "assistance.view_devicebooking"

    def get_queryset(self):
        return self._own(DeviceBooking.objects.select_related("device", "reader").order_by("-start_date", "-pk"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        reader, channel = _reader_for(self.request, data)
        serializer.instance = device_services.device_booking_request(
            actor=self.request.user, reader=reader, device=data["device"], start_date=data["start_date"],
            end_date=data["end_date"], channel=channel, note=data.get("note", ""))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = device_services.device_booking_cancel(actor=request.user, booking=self.get_object())
        return Response(DeviceBookingSerializer(booking).data)


@extend_schema(tags=["assistance"])
class SlotBookingViewSet(_BookingViewSet):
    serializer_class = SlotBookingSerializer
    queryset = SlotBooking.objects.none()
    view_perm = "assistance.view_slotbooking"

    def get_queryset(self):
        return self._own(SlotBooking.objects.select_related("slot", "reader").order_by("-pk"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        reader, channel = _reader_for(self.request, data)
        serializer.instance = slot_services.slot_book(actor=self.request.user, slot=data["slot"], reader=reader,
                                                      channel=channel, note=data.get("note", ""))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = slot_services.booking_cancel(actor=request.user, booking=self.get_object())
        return Response(SlotBookingSerializer(booking).data)
