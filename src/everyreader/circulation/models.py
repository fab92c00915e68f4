"""Circulation: policies, loans, holds, transfers, the anonymous loan statistics and the reader's
choice to keep a loan history. Writes go through services.py; reads through selectors.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from everyreader.catalog.vocab import Format
from everyreader.core.models import TimeStampedModel


class Channel(models.TextChoices):
    DESK = "desk", _("At the desk")
    SELF_SERVICE = "self_service", _("Self-service")
    HOME_DELIVERY = "home_delivery", _("Home delivery")
    POSTAL = "postal", _("Postal loan")
    DEVICE = "device", _("Device loan")


class CirculationPolicy(TimeStampedModel):
    """One cell of the rule matrix reader category × format × branch. Blank means “any”.

    The most specific row wins: a row naming the category beats any row that does not, then one
    naming the format, then one naming the branch (see services.policy_for / docs/circulation.md).
    """

    reader_category = models.CharField(
        _("reader category"), max_length=60, blank=True,
        help_text=_("The code of a reader category; leave empty for every category."))
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, blank=True,
                              help_text=_("Leave empty for every format."))
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="circulation_policies",
                               help_text=_("Leave empty for every branch."))
    loan_days = models.PositiveSmallIntegerField(_("loan period (days)"), default=28)
    max_renewals = models.PositiveSmallIntegerField(_("renewals allowed"), default=2)
    item_limit = models.PositiveSmallIntegerField(_("items on loan at once"), default=20)
    hold_limit = models.PositiveSmallIntegerField(_("holds at once"), default=10)
    fine_per_day = models.DecimalField(_("fine per day overdue"), max_digits=6, decimal_places=2, default=0)
    grace_days = models.PositiveSmallIntegerField(_("grace days before a fine"), default=0)
    max_fine = models.DecimalField(_("largest fine for one item"), max_digits=7, decimal_places=2,
                                   default=0, help_text=_("0 means no upper limit."))
    free_postal = models.BooleanField(_("free postal loan"), default=False)
    auto_renew = models.BooleanField(_("renew automatically when nobody waits"), default=False)
    hold_pickup_days = models.PositiveSmallIntegerField(_("days a hold waits on the shelf"), default=7)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["reader_category", "format", "branch__name", "id"]
        verbose_name = _("circulation policy")
        verbose_name_plural = _("circulation policies")
        constraints = [
            models.UniqueConstraint(fields=["reader_category", "format"], condition=Q(branch__isnull=True),
                                    name="circulation_policy_unique_any_branch"),
            models.UniqueConstraint(fields=["reader_category", "format", "branch"],
                                    condition=Q(branch__isnull=False), name="circulation_policy_unique_branch"),
        ]

    def __str__(self):
        parts = [self.reader_category or "*", self.format or "*", str(self.branch_id or "*")]
        return " / ".join(parts)

    @property
    def specificity(self) -> tuple[bool, bool, bool]:
        return (bool(self.reader_category), bool(self.format), self.branch_id is not None)


class Loan(models.Model):
    """A copy lent to a reader. `reader` becomes NULL when the loan is anonymised."""

    item = models.ForeignKey("catalog.Item", verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="loans")
    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="loans")
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), on_delete=models.PROTECT,
                               related_name="loans")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.DESK)
    checked_out_at = models.DateTimeField(_("checked out"))
    due_at = models.DateTimeField(_("due"))
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_branch = models.ForeignKey("accounts.Branch", verbose_name=_("returned at branch"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    renewal_count = models.PositiveSmallIntegerField(_("renewals"), default=0)
    checked_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked out by"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("returned by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-checked_out_at", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            # The concurrency backstop: one item has at most one open loan, on every database.
            models.UniqueConstraint(fields=["item"], condition=Q(returned_at__isnull=True),
                                    name="circulation_one_open_loan_per_item"),
        ]
        indexes = [
            models.Index(fields=["reader", "returned_at"], name="circ_loan_reader_open"),
            models.Index(fields=["due_at"], condition=Q(returned_at__isnull=True), name="circ_loan_open_due"),
            models.Index(fields=["returned_at"], condition=Q(anonymised_at__isnull=True, reader__isnull=False),
                         name="circ_loan_to_anonymise"),
        ]

    def __str__(self):
        return f"{self.item_id} → {self.reader_id or '-'}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class HoldStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    IN_TRANSIT = "in_transit", _("On its way to the pickup branch")
    READY = "ready", _("Ready to collect")
    COLLECTED = "collected", _("Collected")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Not collected in time")


ACTIVE_HOLD_STATUSES = (HoldStatus.WAITING, HoldStatus.IN_TRANSIT, HoldStatus.READY)


class Hold(models.Model):
    """A reader's request for any copy of a record, collected at `pickup_branch`.

    The queue order is (placed_at, id). `item` is the copy set aside for this hold: assigned as soon
    as one is free (still on the shelf while `waiting`: it is on the pick list), travelling while
    `in_transit`, on the hold shelf while `ready`.
    """

    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="holds")
    record = models.ForeignKey("catalog.Record", verbose_name=_("title"), on_delete=models.CASCADE,
                               related_name="holds")
    pickup_branch = models.ForeignKey("accounts.Branch", verbose_name=_("pickup branch"),
                                      on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=HoldStatus.choices,
                              default=HoldStatus.WAITING)
    placed_at = models.DateTimeField(_("placed"))
    item = models.ForeignKey("catalog.Item", verbose_name=_("copy set aside"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="holds")
    ready_at = models.DateTimeField(_("ready since"), null=True, blank=True)
    expires_at = models.DateTimeField(_("collect by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("placed by"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["placed_at", "id"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=Q(item__isnull=False, status__in=[
                "waiting", "in_transit", "ready"]), name="circulation_one_active_hold_per_item"),
            models.UniqueConstraint(fields=["reader", "record"], condition=Q(status__in=[
                "waiting", "in_transit", "ready"]), name="circulation_one_active_hold_per_title"),
        ]
        indexes = [models.Index(fields=["record", "status", "placed_at"], name="circ_hold_queue"),
                   models.Index(fields=["status", "expires_at"], name="circ_hold_expiry")]

    def __str__(self):
        return f"{self.record_id} ← {self.reader_id}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_HOLD_STATUSES


class TransferReason(models.TextChoices):
    HOLD = "hold", _("For a hold")
    RETURN_HOME = "return_home", _("Back to its home branch")
    MANUAL = "manual", _("Sent by staff")


class Transfer(models.Model):
    """An item travelling between branches. At most one open transfer per item."""

    item = models.ForeignKey("catalog.Item", verbose_name=_("item"), on_delete=models.CASCADE,
                             related_name="transfers")
    from_branch = models.ForeignKey("accounts.Branch", verbose_name=_("from"), on_delete=models.PROTECT,
                                    related_name="+")
    to_branch = models.ForeignKey("accounts.Branch", verbose_name=_("to"), on_delete=models.PROTECT,
                                  related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=TransferReason.choices)
    hold = models.ForeignKey(Hold, verbose_name=_("hold"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="transfers")
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [models.UniqueConstraint(fields=["item"], condition=Q(received_at__isnull=True),
                                               name="circulation_one_open_transfer_per_item")]

    def __str__(self):
        return f"{self.item_id}: {self.from_branch_id} → {self.to_branch_id}"


class LoanStatistic(models.Model):
    """The anonymous trace of one checkout, kept for the indicators after the loan is anonymised.

    Only the day, branch, format, channel, the reader category and a few broad need-group flags.
    Never a reader id, birth year, postcode or time of day: the flags are deliberately coarse so
    that no combination points back to one person (docs/circulation.md, "Privacy").
    """

    date = models.DateField(_("date"), db_index=True)
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), on_delete=models.PROTECT,
                               related_name="+")
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    reader_category = models.CharField(_("reader category"), max_length=60, blank=True)
    print_disabled = models.BooleanField(_("print-disabled reader"), default=False)
    vision = models.BooleanField(_("vision need"), default=False)
    hearing = models.BooleanField(_("hearing need"), default=False)
    mobility = models.BooleanField(_("mobility or housebound"), default=False)
    learning = models.BooleanField(_("reading, learning or understanding need"), default=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("loan statistic")
        verbose_name_plural = _("loan statistics")
        indexes = [models.Index(fields=["date", "branch"], name="circ_stat_date_branch")]


class FineStatus(models.TextChoices):
    OUTSTANDING = "outstanding", _("To pay")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")


class Fine(models.Model):
    """An overdue fine, assessed at check-in under the policy of the loan (fines.py). Says which
    title it was for until it is settled and the retention period has passed (privacy.py)."""

    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="fines")
    loan = models.ForeignKey(Loan, verbose_name=_("loan"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="fines")
    title = models.CharField(_("title"), max_length=500, blank=True)
    barcode = models.CharField(_("barcode"), max_length=64, blank=True)
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), on_delete=models.PROTECT,
                               related_name="+")
    days_late = models.PositiveSmallIntegerField(_("days late"))
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=FineStatus.choices,
                              default=FineStatus.OUTSTANDING)
    assessed_at = models.DateTimeField(_("assessed"))
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("settled by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("fine")
        verbose_name_plural = _("fines")
        permissions = [("waive_fine", _("Can waive fines"))]
        constraints = [
            models.UniqueConstraint(fields=["loan"], condition=Q(loan__isnull=False),
                                    name="circulation_one_fine_per_loan"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="circulation_fine_amount_positive"),
        ]
        indexes = [models.Index(fields=["reader", "status"], name="circ_fine_reader_status")]

    def __str__(self):
        return f"{self.reader_id}: {self.amount}"


class LoanHistorySetting(models.Model):
    """The reader's choice to keep their loan history (off unless they opt in)."""

    reader = models.OneToOneField("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                                  related_name="loan_history_setting")
    keep_history = models.BooleanField(_("keep my loan history"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("loan history setting")
        verbose_name_plural = _("loan history settings")
