"""Fill ``WebhookEvent.user_id`` of the rows stored before the column existed, from ``source.userId``.

In batches of primary keys, each its own transaction (the migration is not atomic), so a large
event log is not rewritten in one transaction; run again, it fills only what is still empty. As the
store path does, only a string ``userId`` is copied (made storable and cut to the column's width).
"""

import re

from django.db import migrations, transaction

#: Primary keys read per batch.
BATCH = 5000
#: What a database cannot hold in a text column (as ``inbound._UNSTORABLE``).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def fill_user_ids(apps, schema_editor):
    WebhookEvent = apps.get_model("linebot", "WebhookEvent")
    rows = WebhookEvent.objects.using(schema_editor.connection.alias)
    width = WebhookEvent._meta.get_field("user_id").max_length
    last = rows.order_by("-pk").values_list("pk", flat=True).first()
    start = 0
    while last is not None and start < last:
        end = start + BATCH
        found = rows.filter(pk__gt=start, pk__lte=end, user_id="").values_list(
            "pk", "payload__source__userId"
        )
        updates = [
            WebhookEvent(pk=pk, user_id=UNSTORABLE.sub("\ufffd", value)[:width])
            for pk, value in found
            if isinstance(value, str) and value
        ]
        if updates:
            with transaction.atomic(using=schema_editor.connection.alias):
                rows.bulk_update(updates, ["user_id"], batch_size=1000)
        start = end


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("linebot", "0005_followers_richmenu_stats_event_user"),
    ]

    operations = [
        migrations.RunPython(fill_user_ids, migrations.RunPython.noop, elidable=True),
    ]
