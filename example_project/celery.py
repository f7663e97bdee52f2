import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")

app = Celery("example_project")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def add_linebot_schedule(sender: Celery, **kwargs: object) -> None:
    """django-linebot's recommended periodic tasks, once Django is set up and the tasks are found."""
    from django_linebot.tasks import BEAT_SCHEDULE

    sender.conf.beat_schedule = {**BEAT_SCHEDULE, **(sender.conf.beat_schedule or {})}
