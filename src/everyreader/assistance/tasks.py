from django.core.mail import send_mail
from django_tasks import task


@task()
def email_helper(address: str, subject: str, body: str) -> bool:
    """E-mail a roster helper who has no sign-in account."""
    send_mail(subject, body, None, [address])
    return True
