"""Test data builders (factory_boy). Places come from the real division table."""

from datetime import timedelta
from unittest import mock

import factory
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from members.choices import Level
from members.models import Committee, Constituent, Member, Sector
from regions.models import District, Town
from workrooms.models import Workroom


def district(name: str) -> District:
    return District.objects.get(name=name)


def town(name: str) -> Town:
    return Town.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("Test-Passw0rd!")
    role = ""


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"委员{n:04d}")
    level = Level.DISTRICT
    district = factory.LazyFunction(lambda: District.objects.get(name="越秀区"))
    sector = factory.LazyFunction(lambda: Sector.objects.get(name="经济界"))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    work_unit = "广州某单位"
    post = "主任"


class WorkroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workroom

    name = factory.Sequence(lambda n: f"第{n}工作室")
    town = factory.LazyFunction(lambda: Town.objects.get(name="北京街道"))
    address = "广州市某路1号"


class ConstituentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituent

    member = factory.SubFactory(MemberFactory)
    name = factory.Sequence(lambda n: f"群众{n}")


def committee(name: str = "经济委员会") -> Committee:
    return Committee.objects.get(name=name)


__all__ = [
    "ConstituentFactory", "MemberFactory", "Role", "UserFactory", "WorkroomFactory",
    "committee", "district", "town",
]


def audit_event_aged(days: float, **fields) -> AuditEvent:
    """An audit event written `days` ago: its time is set as it is inserted (auto_now_add),
    and the database refuses to change it afterwards (audit/triggers.py)."""
    when = timezone.now() - timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=when):
        return audit_record(**fields)
