"""A rich menu area's action as a form, not JSON: a type select and a field for each of the type's
properties, with raw JSON as an advanced option.

:class:`RichMenuActionField` is a form field whose value is the action dict (the model's JSONField
stays); :class:`RichMenuActionWidget` draws it. Without JavaScript every property's field shows (the
server reads only the chosen type's); ``richmenu_action.js`` shows only the chosen type's fields and
keeps the raw JSON in step. Both are checked by LINE's rule, :mod:`django_linebot.sdk.richmenu_actions`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ..sdk import limits
from ..sdk.richmenu_actions import action_problems

__all__ = ["PROPERTIES", "RichMenuActionField", "RichMenuActionWidget", "SubmittedAction"]

#: The type a new area's action starts as.
DEFAULT_TYPE = limits.RICH_MENU_ACTION_TYPES[0]

#: Each property the form has: (key in the action, label, the types that have it, help). ``altUri.desktop``
#: is ``{"altUri": {"desktop": ...}}``. The order is the order on the page (the one to type first, first).
PROPERTIES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("text", "text", ("message",), "sent as the user's message"),
    (
        "data",
        "data",
        tuple(kind for kind, needed in limits.ACTION_REQUIRED_PROPERTIES.items() if "data" in needed),
        "sent to your bot in a postback event",
    ),
    ("displayText", "display text", ("postback",), "shown as the user's message (optional)"),
    ("inputOption", "input option", ("postback",), "what opens after the tap (optional)"),
    ("fillInText", "fill-in text", ("postback",), "put in the keyboard (only with 'open the keyboard')"),
    ("uri", "uri", ("uri",), "https://, http://, line:// or tel:"),
    ("altUri.desktop", "desktop uri", ("uri",), "opened on LINE for PC instead (optional)"),
    ("mode", "mode", ("datetimepicker",), ""),
    ("initial", "initial", ("datetimepicker",), "optional"),
    ("min", "min", ("datetimepicker",), "optional"),
    ("max", "max", ("datetimepicker",), "optional"),
    ("richMenuAliasId", "alias", ("richmenuswitch",), "the alias of the menu to switch to"),
    ("clipboardText", "clipboard text", ("clipboard",), "copied to the user's clipboard"),
    ("label", "label", limits.RICH_MENU_ACTION_TYPES, "for accessibility (optional)"),
)
_KEYS = tuple(key for key, *_ in PROPERTIES)
_TYPE_KEYS = {
    kind: tuple(key for key, _, kinds, _ in PROPERTIES if kind in kinds)
    for kind in limits.RICH_MENU_ACTION_TYPES
}
_PICKER_EXAMPLES = {mode: example for mode, (_, example) in limits.DATETIME_PICKER_FORMATS.items()}


@dataclass
class SubmittedAction:
    """What the widget posted: the type and the fields as typed, or the raw JSON (``raw``)."""

    type: str = DEFAULT_TYPE
    values: dict[str, str] = field(default_factory=dict)
    raw: bool = False
    json: str = ""

    def is_blank(self) -> bool:
        """A form nobody filled in (a new row's)."""
        return not self.raw and not any(self.values.values())


def action_from_form(kind: str, values: dict[str, str]) -> dict[str, Any]:
    """The action dict of type ``kind`` from the form's fields: only the type's properties, the empty
    ones left out."""
    action: dict[str, Any] = {"type": kind}
    for key in _TYPE_KEYS.get(kind, ()):
        value = values.get(key, "")
        if value == "":
            continue
        if key == "altUri.desktop":
            action["altUri"] = {"desktop": value}
        else:
            action[key] = value
    return action


def form_values(action: Any) -> dict[str, str] | None:
    """The form's fields for ``action``, or None when the form cannot show it whole (then the widget
    opens on the raw JSON, so nothing is lost)."""
    if not isinstance(action, dict) or action.get("type") not in _TYPE_KEYS:
        return None
    keys = _TYPE_KEYS[action["type"]]
    values: dict[str, str] = {}
    for key, value in action.items():
        if key == "type":
            continue
        desktop_only = isinstance(value, dict) and set(value) == {"desktop"}
        if key == "altUri" and "altUri.desktop" in keys and desktop_only:
            value, key = value["desktop"], "altUri.desktop"
        if key not in keys or not isinstance(value, str):
            return None
        values[key] = value
    return values


class RichMenuActionWidget(forms.Widget):
    """The action editor: a type select, a field per property (each marked with the types that have
    it), and a "Raw JSON" details with a textarea named as the field (what older forms posted)."""

    template_name = "django_linebot/widgets/richmenu_action.html"

    class Media:
        js = ["django_linebot/richmenu_action.js"]

    def __init__(self, attrs: dict[str, Any] | None = None, aliases: list[str] | None = None) -> None:
        super().__init__(attrs)
        #: The channel's known alias IDs, offered for richMenuAliasId.
        self.aliases = list(aliases or [])
        #: The properties found wrong (set by the field): their inputs are marked invalid.
        self.error_keys: set[str] = set()

    def value_from_datadict(self, data: Any, files: Any, name: str) -> SubmittedAction | None:
        if f"{name}__type" not in data:  # no form posted: the raw JSON alone (a script, or an old page)
            raw = data.get(name)
            return None if raw is None else SubmittedAction(type="", raw=True, json=raw)
        return SubmittedAction(
            type=data.get(f"{name}__type", ""),
            values={key: data.get(f"{name}__{key}", "") for key in _KEYS},
            raw=data.get(f"{name}__raw") == "on",
            json=data.get(name, ""),
        )

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}__type" not in data and name not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, None, attrs)
        if isinstance(value, SubmittedAction):
            submitted = value
        else:
            values = form_values(value) if value is not None else {}
            if values is None:
                submitted = SubmittedAction(type="", raw=True, json=json.dumps(value, ensure_ascii=False))
            else:
                submitted = SubmittedAction(type=value["type"] if value else DEFAULT_TYPE, values=values)
        kind = submitted.type if submitted.type in _TYPE_KEYS else DEFAULT_TYPE
        if not submitted.raw:
            shown = json.dumps(action_from_form(kind, submitted.values), ensure_ascii=False)
        else:
            shown = submitted.json
        widget_id = context["widget"]["attrs"].get("id") or name
        context["widget"].update(
            {
                "type": kind,
                "types": limits.RICH_MENU_ACTION_TYPES,
                "raw": submitted.raw,
                "type_invalid": "type" in self.error_keys,
                "raw_invalid": "" in self.error_keys,
                "json": shown,
                "aliases": self.aliases,
                "aliases_id": f"{widget_id}_aliases",
                "fields": [
                    {
                        "key": key,
                        "name": f"{name}__{key}",
                        "id": f"{widget_id}__{key}",
                        "label": label,
                        "types": " ".join(kinds),
                        "help": help_text
                        if key not in ("initial", "min", "max")
                        else f"{help_text}: " + ", ".join(f"{m} {e}" for m, e in _PICKER_EXAMPLES.items()),
                        "value": submitted.values.get(key, ""),
                        "choices": self._choices(key),
                        "shown": kind in kinds,
                        "invalid": key in self.error_keys,
                    }
                    for key, label, kinds, help_text in PROPERTIES
                ],
            }
        )
        return context

    @staticmethod
    def _choices(key: str) -> list[tuple[str, str]] | None:
        if key == "inputOption":
            return [("", "(none)"), *limits.POSTBACK_INPUT_OPTIONS.items()]
        if key == "mode":
            return [(mode, mode) for mode in limits.DATETIME_PICKER_FORMATS]
        return None


class RichMenuActionField(forms.Field):
    """A rich menu area's action edited as a form (:class:`RichMenuActionWidget`); its value is the
    action dict, checked as LINE checks it. Each error names the property; ``area_index`` (counted
    from 0), when set, makes it say the area too (``area 3: uri must start with ...``)."""

    widget = RichMenuActionWidget
    default_error_messages = {
        "json": "the raw JSON is not valid: %(reason)s",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("encoder", None)  # what a JSONField offers its form field
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        self.area_index: int | None = None

    def _say(self, message: str) -> str:
        return message if self.area_index is None else f"area {self.area_index + 1}: {message}"

    def prepare_value(self, value: Any) -> Any:
        return value

    def to_python(self, value: Any) -> dict[str, Any] | None:
        if value is None or value == "":
            return None
        if isinstance(value, dict):
            return value
        if not isinstance(value, SubmittedAction):
            value = SubmittedAction(type="", raw=True, json=str(value))
        if not value.raw:
            return action_from_form(value.type, value.values)
        try:
            action = json.loads(value.json) if value.json.strip() else None
        except (ValueError, RecursionError) as exc:
            if isinstance(self.widget, RichMenuActionWidget):
                self.widget.error_keys = {""}
            raise ValidationError(
                self._say(self.error_messages["json"] % {"reason": exc}), code="json"
            ) from None
        if not isinstance(action, dict):
            example = '{"type": "message", "text": "Hi"}'
            raise ValidationError(self._say(f"the raw JSON must be an action object, e.g. {example}"))
        return action

    def validate(self, value: Any) -> None:
        if value is None:
            if self.required:
                raise ValidationError(self._say("an action is required"), code="required")
            return
        problems = action_problems(value)
        if problems:
            if isinstance(self.widget, RichMenuActionWidget):
                self.widget.error_keys = {p.key for p in problems}
            raise ValidationError([self._say(p.message) for p in problems])

    def bound_data(self, data: Any, initial: Any) -> Any:
        return initial if self.disabled else data

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        if initial is None and isinstance(data, SubmittedAction) and data.is_blank():
            return False  # a new row's form, untouched
        try:
            action = self.to_python(data)
        except ValidationError:
            return True
        return action != initial
