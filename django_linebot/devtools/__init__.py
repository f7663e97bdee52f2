"""Development tools, opt in: add ``"django_linebot.devtools"`` to ``INSTALLED_APPS`` (after
``"django_linebot"``) to get the commands ``linebot_fake_platform`` (the fake LINE platform on
127.0.0.1, with its ``/_fake/`` endpoints such as ``/_fake/sent``) and ``linebot_simulate`` (plays a
LINE user against your webhook). A production install lists only ``"django_linebot"`` and has
neither command. The app has no models, no URLs and no migrations: the ``/_fake/`` endpoints are
served by the fake platform's own server, never by your project.
"""
