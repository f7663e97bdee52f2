"""Whom a narrowcast reaches: recipients (audiences, redelivery, and/or/not), demographic filters, limit.

::

    recipient = OperatorRecipient(and_=[AudienceRecipient(audience_group_id=5614991017776),
                                        OperatorRecipient(not_=RedeliveryRecipient(request_id="5b59..."))])
    demographic = Filter(demographic=AgeDemographicFilter(gte="age_20", lt="age_40"))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, get_args

from ..limits import DEMOGRAPHIC_AREA_CODES
from .base import Builder, BuildError, Json, Rule, at

__all__ = [
    "AgeDemographicFilter",
    "AppTypeDemographicFilter",
    "AreaDemographicFilter",
    "AudienceRecipient",
    "DemographicFilter",
    "Filter",
    "GenderDemographicFilter",
    "Limit",
    "OperatorDemographicFilter",
    "OperatorRecipient",
    "Recipient",
    "RedeliveryRecipient",
    "SubscriptionPeriodDemographicFilter",
]

Age = Literal[
    "age_15", "age_20", "age_25", "age_30", "age_35", "age_40",
    "age_45", "age_50", "age_55", "age_60", "age_65", "age_70",
]  # fmt: skip
Period = Literal["day_7", "day_30", "day_90", "day_180", "day_365"]


def _area(value: object) -> str | None:
    if value in DEMOGRAPHIC_AREA_CODES:
        return None
    return f"must be an area code such as jp_13 or tw_01, got {value!r}"


def _one_operand(obj: Any, path: str) -> None:
    given = [key for key, name in (("and", "and_"), ("or", "or_"), ("not", "not_")) if getattr(obj, name)]
    if len(given) != 1:
        raise BuildError(path, f"an operator takes exactly one of and, or, not; got {given or 'none'}")


def _ordered(obj: Any, options: tuple[str, ...], path: str) -> None:
    if obj.gte is None and obj.lt is None:
        raise BuildError(at(path, "gte"), "give gte, lt or both")
    if obj.gte is not None and obj.lt is not None and options.index(obj.gte) >= options.index(obj.lt):
        raise BuildError(at(path, "lt"), f"must be above gte ({obj.gte}), got {obj.lt}")


@dataclass(kw_only=True)
class Recipient(Builder, polymorphic=True):
    """Base of the recipient objects."""


@dataclass(kw_only=True)
class AudienceRecipient(Recipient):
    """The users of an audience."""

    TYPE: ClassVar[str | None] = "audience"
    audience_group_id: Annotated[int, Rule(minimum=1)]


@dataclass(kw_only=True)
class RedeliveryRecipient(Recipient):
    """The users an earlier narrowcast (its request ID) reached."""

    TYPE: ClassVar[str | None] = "redelivery"
    request_id: Annotated[str, Rule(min_length=1)]


@dataclass(kw_only=True)
class OperatorRecipient(Recipient):
    """``and_``, ``or_`` (lists) or ``not_`` (one) of other recipients."""

    TYPE: ClassVar[str | None] = "operator"
    and_: Annotated[list[Recipient], Rule(min_length=1)] | None = None
    or_: Annotated[list[Recipient], Rule(min_length=1)] | None = None
    not_: Recipient | None = None

    def check(self, built: Json, path: str) -> None:
        _one_operand(self, path)


@dataclass(kw_only=True)
class DemographicFilter(Builder, polymorphic=True):
    """Base of the demographic filters."""


@dataclass(kw_only=True)
class AgeDemographicFilter(DemographicFilter):
    """Users aged at least ``gte`` and under ``lt``."""

    TYPE: ClassVar[str | None] = "age"
    gte: Age | None = None
    lt: Age | None = None

    def check(self, built: Json, path: str) -> None:
        _ordered(self, get_args(Age), path)


@dataclass(kw_only=True)
class AppTypeDemographicFilter(DemographicFilter):
    """Users of LINE for iOS or Android."""

    TYPE: ClassVar[str | None] = "appType"
    one_of: Annotated[list[Literal["ios", "android"]], Rule(min_length=1)]


@dataclass(kw_only=True)
class AreaDemographicFilter(DemographicFilter):
    """Users in one of the areas (``jp_13``: Tokyo)."""

    TYPE: ClassVar[str | None] = "area"
    one_of: Annotated[list[Annotated[str, Rule(check=_area)]], Rule(min_length=1)]


@dataclass(kw_only=True)
class GenderDemographicFilter(DemographicFilter):
    """Users of one of the genders."""

    TYPE: ClassVar[str | None] = "gender"
    one_of: Annotated[list[Literal["male", "female"]], Rule(min_length=1)]


@dataclass(kw_only=True)
class SubscriptionPeriodDemographicFilter(DemographicFilter):
    """Users who added the account at least ``gte`` and less than ``lt`` ago."""

    TYPE: ClassVar[str | None] = "subscriptionPeriod"
    gte: Period | None = None
    lt: Period | None = None

    def check(self, built: Json, path: str) -> None:
        _ordered(self, get_args(Period), path)


@dataclass(kw_only=True)
class OperatorDemographicFilter(DemographicFilter):
    """``and_``, ``or_`` (lists) or ``not_`` (one) of other demographic filters."""

    TYPE: ClassVar[str | None] = "operator"
    and_: Annotated[list[DemographicFilter], Rule(min_length=1)] | None = None
    or_: Annotated[list[DemographicFilter], Rule(min_length=1)] | None = None
    not_: DemographicFilter | None = None

    def check(self, built: Json, path: str) -> None:
        _one_operand(self, path)


@dataclass(kw_only=True)
class Filter(Builder):
    """A narrowcast's ``filter``."""

    demographic: DemographicFilter


@dataclass(kw_only=True)
class Limit(Builder):
    """A narrowcast's ``limit``: at most ``max`` recipients."""

    max: Annotated[int, Rule(minimum=1)] | None = None
    up_to_remaining_quota: bool | None = None
    forbid_partial_delivery: bool | None = None
