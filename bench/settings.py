"""Settings of the benchmark process: the test settings on the database DATABASE_URL names."""

import os

from example_project.settings_base import database_from_url
from tests.settings import *  # noqa: F403

DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
CELERY_TASK_ALWAYS_EAGER = False
