"""Settings of the gunicorn the soak test starts: the test settings on the test database."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["LINEBOT_TEST_DB_NAME"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
DEBUG = False
