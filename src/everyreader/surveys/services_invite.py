"""Invitations: a personal link to each reader of an audience, through the channel they prefer."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.messaging.services import message_send
from everyreader.surveys.models import SurveyRun, pick

SALT = "everyreader.surveys.invitation"
MAX_INVITATIONS = 5000


def invitation_token(run: SurveyRun, reader) -> str:
    return signing.dumps({"run": run.pk, "reader": reader.pk}, salt=SALT, compress=True)


def reader_from_token(run: SurveyRun, token: str):
    from everyreader.readers.models import Reader

    try:
        data = signing.loads(token, salt=SALT, max_age=60 * 60 * 24 * 180)
    except signing.BadSignature:
        return None
    if data.get("run") != run.pk:
        return None
    return Reader.objects.filter(pk=data.get("reader"), is_active=True).select_related("home_branch").first()


@dataclass
class InvitationResult:
    queued: int
    already: int


@transaction.atomic
def run_invite(*, actor, run: SurveyRun, readers, audience: str, base_url: str) -> InvitationResult:
    """Invite readers (a queryset) to a run; idempotent: a reader is invited once per run."""
    if not run.is_open:
        raise DomainError(_("This survey is closed and no longer takes answers."))
    readers = list(readers[: MAX_INVITATIONS + 1])
    if not readers:
        raise DomainError(_("Nobody matches this audience."), field="audience")
    if len(readers) > MAX_INVITATIONS:
        raise DomainError(_("This audience is too large to invite at once (more than %(n)s readers).")
                          % {"n": MAX_INVITATIONS}, field="audience")
    queued = already = 0
    for reader in readers:
        language = reader.preferred_language if reader.preferred_language in ("zh-hans", "zh-hant", "en") \
            else "zh-hans"
        link = base_url.rstrip("/") + reverse("surveys:take", args=[run.token]) + "?invite=" + \
            invitation_token(run, reader)
        with override(language):
            subject = _("Please tell us what you think: %(title)s") % {"title": pick(run.survey.title, language)}
            body = _("The library would like to hear from you. There is no time limit and you can stop and "
                     "continue later. You can answer online at the link below, or ask at any service desk for a "
                     "paper, large-print or braille form, or to answer by phone.") + "\n\n" + link
        sent = message_send(reader=reader, subject=subject, body=body, purpose="survey.invitation",
                            dedupe_key=f"survey:{run.pk}:invite:{reader.pk}")
        if sent is None:
            already += 1
        else:
            queued += 1
    audit.record(actor=actor, action="survey_run.invited", obj=run,
                 details={"audience": audience, "queued": queued, "already": already})
    return InvitationResult(queued=queued, already=already)
