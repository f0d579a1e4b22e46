"""What no form or import can get wrong, the database refuses too (migration workrooms
0002): a workroom whose clerk is not a clerk account of its own town/street, by any write,
and a change of role or town of a login while it is a workroom's clerk."""

import pytest
from django.db import IntegrityError, transaction

from accounts.choices import Role
from accounts.models import User
from workrooms.models import Workroom

from ..factories import WorkroomFactory, town

pytestmark = pytest.mark.django_db


def refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_a_write_that_bypasses_the_forms_cannot_make_staff_a_clerk(personas):
    rooms = Workroom.objects.filter(pk=personas.beijing_room.pk)
    assert refused(lambda: rooms.update(clerk=personas.yuexiu_staff))
    assert refused(lambda: rooms.update(clerk=personas.hualin_clerk))
    assert refused(lambda: rooms.update(town=town("六榕街道")))
    assert refused(lambda: WorkroomFactory(name="新工作室", clerk=personas.city))
    assert Workroom.objects.get(pk=personas.beijing_room.pk).clerk == personas.beijing_clerk
    assert not refused(lambda: rooms.update(clerk=None))


def test_a_clerk_keeps_their_role_and_town_while_they_clerk(personas):
    clerk = User.objects.filter(pk=personas.beijing_clerk.pk)
    assert refused(lambda: clerk.update(role=Role.DISTRICT))
    assert refused(lambda: clerk.update(town=town("华林街道")))
    assert refused(lambda: clerk.update(town=None))
    assert not refused(lambda: clerk.update(display_name="北京街工作人员"))
