"""De-duplicate webhook events per channel primary key instead of per slug.

``channel_key`` becomes ``"channel:<pk>"`` for the rows of a channel (it stays ``""``
for the settings-only channel). A slug never contains ``":"``, so no new key equals
an old one while the rows are rewritten. Should a channel hold the same event twice
(stored once under its old slug and once more after a rename: the bug this fixes),
the oldest row takes the key and the later copies get ``"channel:<pk>/<row id>"``:
they are kept, and stay outside de-duplication.
"""

from django.db import migrations
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat


def forwards(apps, schema_editor):
    WebhookEvent = apps.get_model("linebot", "WebhookEvent")
    db = schema_editor.connection.alias
    events = WebhookEvent.objects.using(db)
    twice = (
        events.filter(channel__isnull=False, webhook_event_id__isnull=False)
        .values("channel_id", "webhook_event_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    copies = []
    for group in twice.iterator():
        ids = list(
            events.filter(channel_id=group["channel_id"], webhook_event_id=group["webhook_event_id"])
            .order_by("id")
            .values_list("id", flat=True)
        )
        for pk in ids[1:]:
            events.filter(pk=pk).update(channel_key=f"channel:{group['channel_id']}/{pk}")
            copies.append(pk)
    events.filter(channel__isnull=False).exclude(pk__in=copies).update(
        channel_key=Concat(Value("channel:"), Cast("channel_id", output_field=CharField()))
    )


def backwards(apps, schema_editor):
    WebhookEvent = apps.get_model("linebot", "WebhookEvent")
    Channel = apps.get_model("linebot", "Channel")
    db = schema_editor.connection.alias
    for channel in Channel.objects.using(db).only("pk", "slug").iterator():
        WebhookEvent.objects.using(db).filter(
            channel_id=channel.pk, channel_key=f"channel:{channel.pk}"
        ).update(channel_key=channel.slug)


class Migration(migrations.Migration):
    dependencies = [
        ("linebot", "0002_permissions"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
