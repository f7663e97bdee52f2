"""Settings of the gunicorn the webhook server benchmark starts."""

from bench.settings import *  # noqa: F403
from bench.settings import DATABASES

ROOT_URLCONF = "bench.urls"
DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 60
LOGGING = {"version": 1, "disable_existing_loggers": True}
