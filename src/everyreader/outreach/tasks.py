from django_tasks import task

from everyreader.outreach import visit_services


@task()
def send_deliverer_notice(notice_id: int) -> str:
    return visit_services.deliver_notice(notice_id)
