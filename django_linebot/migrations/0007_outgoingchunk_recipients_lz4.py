"""PostgreSQL 14+: the outbox chunks' recipients are compressed with lz4 instead of pglz.

A chunk of 500 user IDs is about 18 KB of JSON, which PostgreSQL compresses when it stores it. With
its default (pglz) that compression was most of the time a 1,000,000-user ``send.multicast`` waited
for its rows; lz4 compresses as well here and several times faster. Other databases, older
PostgreSQL and servers built without lz4 are left as they are. Only values written from now on
are affected: no table is rewritten.
"""

from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, migrations, transaction


def _set_compression(method: str) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        if connection.vendor != "postgresql" or connection.pg_version < 140000:
            return
        table = apps.get_model("linebot", "OutgoingChunk")._meta.db_table
        quote = connection.ops.quote_name
        try:
            with transaction.atomic(using=connection.alias):
                schema_editor.execute(
                    f"ALTER TABLE {quote(table)} ALTER COLUMN {quote('recipients')} SET COMPRESSION {method}"
                )
        except DatabaseError:  # a server built without lz4: pglz stays
            pass

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("linebot", "0006_webhookevent_user_id_fill"),
    ]

    operations = [
        migrations.RunPython(_set_compression("lz4"), _set_compression("DEFAULT"), elidable=True),
    ]
