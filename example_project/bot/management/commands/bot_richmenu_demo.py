"""Create, publish and set as default a two-tab rich menu that switches between tabs with aliases."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

from django_linebot import richmenus
from django_linebot.channels import settings_channel
from django_linebot.models import RichMenu


def tab_image(active: int) -> SimpleUploadedFile:
    img = Image.new("RGB", (2500, 843), (245, 245, 245))
    draw = ImageDraw.Draw(img)
    for i, label in enumerate(["SHOP", "HELP"]):
        colour = (6, 199, 85) if i == active else (200, 200, 200)
        draw.rectangle([i * 1250, 0, (i + 1) * 1250, 120], fill=colour)
        draw.text((i * 1250 + 520, 20), label, fill=(255, 255, 255), font_size=80)
    draw.text((900, 420), ["Today's offers", "How can we help?"][active], fill=(40, 40, 40), font_size=90)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return SimpleUploadedFile(f"tab-{active}.png", buf.getvalue(), content_type="image/png")


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        channel = settings_channel()
        menus = []
        for active, (name, body_action) in enumerate(
            [
                ("Shop tab", {"type": "postback", "data": "action=menu"}),
                ("Help tab", {"type": "postback", "data": "action=hours"}),
            ]
        ):
            menu = RichMenu.objects.create(
                channel=channel, name=name, chat_bar_text="Menu", image=tab_image(active)
            )
            menu.areas.create(
                x=0,
                y=0,
                width=1250,
                height=120,
                action={"type": "richmenuswitch", "richMenuAliasId": "tab-shop", "data": "tab=shop"},
            )
            menu.areas.create(
                x=1250,
                y=0,
                width=1250,
                height=120,
                action={"type": "richmenuswitch", "richMenuAliasId": "tab-help", "data": "tab=help"},
            )
            menu.areas.create(x=0, y=120, width=2500, height=723, action=body_action)
            richmenus.publish(menu)
            menus.append(menu)
        richmenus.create_or_switch_alias("tab-shop", menus[0])
        richmenus.create_or_switch_alias("tab-help", menus[1])
        richmenus.set_default(menus[0])
        self.stdout.write("published two rich menus (tab-shop, tab-help); tab-shop is the default")
