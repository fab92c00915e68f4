"""Background tasks of the catalogue (django-tasks). They take IDs and are safe to run again."""

from django_tasks import task

from everyreader.catalog.models import ImportJob


@task()
def run_import(job_id: int) -> int:
    """Runs or resumes a MARC import; a finished job is left alone. Returns records processed."""
    from everyreader.catalog.marc.importer import run_job

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status == ImportJob.Status.DONE:
        return 0
    try:
        run_job(job)
    except Exception as exc:
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, message=str(exc)[:2000])
        raise
    return job.position
