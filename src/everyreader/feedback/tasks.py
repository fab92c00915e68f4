from django.core.mail import send_mail
from django_tasks import task


@task()
def email_submitter(item_id: int, subject: str, body: str) -> bool:
    """E-mail a submitter who left an address but has no reader record."""
    from everyreader.feedback.models import FeedbackItem

    item = FeedbackItem.objects.filter(pk=item_id).only("contact_email").first()
    if item is None or not item.contact_email:
        return False
    send_mail(subject, body, None, [item.contact_email])
    return True
