"""The user administrator links a person's unified identity to their account in the admin,
never to a privileged account or their own (三员分立); a subject linked already is refused."""

from django.urls import reverse

from accounts.models import IdentityLink
from audit.choices import EventKind
from audit.models import AuditEvent

ADD = reverse("admin:accounts_identitylink_add")


def test_user_admin_links_a_members_identity(client, personas, settings):
    client.force_login(personas.useradmin)
    response = client.post(ADD, {"user": personas.member_user.pk, "subject": "gd-1"})
    assert response.status_code == 302
    link = IdentityLink.objects.get(user=personas.member_user)
    assert link.issuer == settings.OIDC_ISSUER and link.linked_by == personas.useradmin
    assert AuditEvent.objects.filter(kind=EventKind.IDENTITY_LINKED).exists()


def test_user_admin_cannot_link_a_privileged_account_or_their_own(client, personas):
    client.force_login(personas.useradmin)
    for user in (personas.city, personas.useradmin, personas.auditor):
        response = client.post(ADD, {"user": user.pk, "subject": f"gd-{user.pk}"})
        assert response.status_code == 200  # the form again, with its error
    assert not IdentityLink.objects.exists()


def test_a_subject_linked_already_is_refused_in_chinese(client, personas, settings):
    IdentityLink.objects.create(
        user=personas.other_member_user, issuer=settings.OIDC_ISSUER, subject="gd-1"
    )
    client.force_login(personas.useradmin)
    response = client.post(ADD, {"user": personas.member_user.pk, "subject": "gd-1"})
    assert "该统一身份已绑定其他账号" in response.content.decode()


def test_other_roles_do_not_reach_the_links(client, personas):
    for user in (personas.city, personas.yuexiu_staff, personas.member_user):
        client.force_login(user)
        assert client.get(reverse("admin:accounts_identitylink_changelist")).status_code in (
            302, 403, 404)
