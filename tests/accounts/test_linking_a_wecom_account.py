"""A 粤政易 id is linked to one account, once: by its owner after a normal sign-in (going
through 粤政易, which proves the id is theirs), or by the user administrator in the admin,
never for a privileged account or their own (whoever holds the linked id signs in as the
account). Every link and unlink is audited, and an owner linked by someone else is told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from audit.choices import EventKind
from audit.models import AuditEvent

from .separation import told, user_form
from .test_sign_in_through_wecom import choose_at_the_stand_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def linking(mock_wecom, settings):
    settings.WECOM_SIGN_IN = True
    return mock_wecom


def link_through_wecom(client, userid):
    response = client.get(reverse("wecom_link"))
    assert response.status_code == 302
    return client.get(choose_at_the_stand_in(response.url, userid))


def link_events():
    return AuditEvent.objects.filter(kind=EventKind.CHANGE, object_type="accounts.user")


def test_a_member_links_their_own_id_after_signing_in_and_then_signs_in_with_it(
    client, personas, linking
):
    client.force_login(personas.member_user)
    response = link_through_wecom(client, "member")
    assert response.status_code == 302 and response.url == reverse("notices:preferences")
    personas.member_user.refresh_from_db()
    assert personas.member_user.wecom_userid == "member"
    page = client.get(reverse("notices:preferences")).content.decode()
    assert "已绑定：member" in page and "已绑定粤政易账号" in page
    [event] = link_events()
    assert event.detail["action"] == "绑定粤政易账号" and event.user == personas.member_user
    assert told(personas.member_user) == []  # they did it themself


def test_an_id_linked_to_another_account_is_refused_and_audited(client, personas, linking):
    User.objects.filter(pk=personas.other_member_user.pk).update(wecom_userid="member")
    client.force_login(personas.member_user)
    response = link_through_wecom(client, "member")
    assert response.status_code == 409
    assert "该粤政易账号已绑定其他账号" in response.content.decode()
    personas.member_user.refresh_from_db()
    assert personas.member_user.wecom_userid is None
    assert AuditEvent.objects.filter(kind=EventKind.PERMISSION_DENIED,
                                     detail__reason="taken").count() == 1


def test_linking_needs_a_signed_in_user(client, linking):
    response = client.get(reverse("wecom_link"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_owner_unlinks_their_id(client, personas, linking):
    User.objects.filter(pk=personas.member_user.pk).update(wecom_userid="member")
    client.force_login(personas.member_user)
    client.post(reverse("wecom_unlink"))
    personas.member_user.refresh_from_db()
    assert personas.member_user.wecom_userid is None
    assert link_events().get().detail["action"] == "解除粤政易账号绑定"


def test_one_id_belongs_to_one_account_whatever_its_case(personas):
    User.objects.filter(pk=personas.member_user.pk).update(wecom_userid="zhangsan")
    other = personas.other_member_user
    other.wecom_userid = "ZhangSan"
    with pytest.raises(ValidationError, match="该粤政易账号已绑定其他账号"):
        other.validate_constraints()


def test_the_user_administrator_links_a_members_id_and_its_owner_is_told(
    client, personas, linking, django_capture_on_commit_callbacks
):
    client.force_login(personas.useradmin)
    user = personas.member_user
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:accounts_user_change", args=[user.pk]),
                    user_form(user, wecom_userid="member"))
    user.refresh_from_db()
    assert user.wecom_userid == "member"
    event = link_events().get()
    assert event.user == personas.useradmin and event.detail["account"] == "member"
    assert told(user) == ["您的粤政易账号绑定已变更"]
    # …and clears it again.
    client.post(reverse("admin:accounts_user_change", args=[user.pk]),
                user_form(user, wecom_userid=""))
    user.refresh_from_db()
    assert user.wecom_userid is None and link_events().count() == 2


def test_a_malformed_id_is_refused_in_chinese_in_the_admin(client, personas, linking):
    client.force_login(personas.useradmin)
    user = personas.member_user
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]),
                           user_form(user, wecom_userid="张 三"))
    assert "粤政易账号由字母、数字和" in response.content.decode()


@pytest.mark.parametrize("whose", ["yuexiu_staff", "useradmin"])
def test_nobody_links_a_privileged_or_their_own_account_in_the_admin(
    client, personas, linking, whose
):
    client.force_login(personas.useradmin)
    user = getattr(personas, whose)
    client.post(reverse("admin:accounts_user_change", args=[user.pk]),
                user_form(user, wecom_userid="someone"))
    user.refresh_from_db()
    assert user.wecom_userid is None
    assert not link_events().exists()
