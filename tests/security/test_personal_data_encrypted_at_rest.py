"""The public's personal data is encrypted in the database with keys from
the environment; the raw columns hold no name, phone or address; the app reads them."""

import gzip
import json

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from cases.choices import Action
from cases.models import Visitor
from cases.services import case_route
from members.models import Constituent
from notices.models import Message, SmsOutbox
from privacy.crypto import DecryptionError
from privacy.fields import EncryptedTextField

from ..factories import ConstituentFactory
from .conftest import ADDRESS, PHONE


def raw(table: str, columns: str, pk_column: str, pk) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {pk_column} = %s", [pk])
        return cursor.fetchone()


def assert_no_plain(values, *plain):
    text = " ".join(str(v) for v in values)
    for value in plain:
        assert value not in text
    for value in values:
        assert value.startswith("gAAAAA"), "a Fernet token"


def test_a_visitors_name_phone_and_address_are_not_in_the_database_in_plain_text(visitors):
    row = raw("cases_visitor", "name, phone, address", "id", visitors.visitor.pk)
    assert_no_plain(row, "王小明", PHONE, "5678", ADDRESS, "北京路")
    again = Visitor.objects.get(pk=visitors.visitor.pk)
    assert (again.name, again.phone, again.address) == ("王小明", PHONE, ADDRESS)


def test_empty_stays_empty_so_has_a_phone_is_still_a_query(visitors):
    anonymous = Visitor.objects.create(activity=visitors.activity, name="某群众")
    assert raw("cases_visitor", "phone", "id", anonymous.pk) == ("",)
    assert set(Visitor.objects.filter(phone="").values_list("pk", flat=True)) == {anonymous.pk}
    assert anonymous.pk not in Visitor.objects.exclude(phone="").values_list("pk", flat=True)


def test_searching_an_encrypted_field_by_content_is_refused_not_silently_empty(visitors):
    with pytest.raises(FieldError):
        list(Visitor.objects.filter(phone=PHONE))
    with pytest.raises(FieldError):
        list(Visitor.objects.filter(name__icontains="王"))


def test_a_constituents_phone_is_encrypted_in_its_table_and_its_history(personas):
    person = ConstituentFactory(member=personas.member, phone="13500001234")
    person.phone = "13500005678"
    person.save()
    assert_no_plain(raw("members_constituent", "phone", "id", person.pk), "13500001234",
                    "13500005678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM members_historicalconstituent WHERE id = %s", [person.pk])
        history = [r[0] for r in cursor.fetchall()]
    assert len(history) == 2
    assert_no_plain(history, "13500001234", "13500005678")
    assert Constituent.objects.get(pk=person.pk).phone == "13500005678"


def test_the_sms_to_a_visitor_keeps_the_number_encrypted_and_no_name(
    visitors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the SMS leave after commit
        case_route(case=visitors.case, action=Action.ANSWER, by=visitors.p.beijing_clerk,
                   answer="已修复")
    sms = Message.objects.get(
        key=f"case:{visitors.case.pk}:outcome", channel="sms", recipient=None
    )
    assert sms.address == PHONE and sms.recipient_name == f"来访群众 #{visitors.visitor.pk}"
    assert_no_plain(raw("notices_message", "address", "id", sms.pk), PHONE)
    outbox = SmsOutbox.objects.get(message=sms)
    assert outbox.phone == PHONE
    assert_no_plain(raw("notices_smsoutbox", "phone", "id", outbox.pk), PHONE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient_name, address_digest FROM notices_message")
        dump = str(cursor.fetchall())
    assert "王小明" not in dump and PHONE not in dump


def test_every_history_table_of_an_encrypted_field_is_encrypted_too():
    """simple-history copies fields: a plain copy would undo the encryption."""
    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField) and hasattr(model, "history"):
                historical = model.history.model
                copies = {f.name: f for f in historical._meta.concrete_fields}
                if field.name not in copies:
                    continue  # not copied at all (exchange.ApiClient.push_secret)
                assert isinstance(copies[field.name], EncryptedTextField)
                checked += 1
    assert checked >= 1  # Constituent.phone


def test_a_database_dump_holds_tokens_not_personal_data(visitors, tmp_path):
    out = tmp_path / "dump.json.gz"
    call_command("dumpdata", "cases.visitor", output=str(out), verbosity=0)
    text = gzip.open(out, "rt", encoding="utf-8").read()
    assert "王小明" not in text and PHONE not in text and "北京路" not in text
    Visitor.objects.all().delete()
    call_command("loaddata", str(out), verbosity=0)
    assert Visitor.objects.get(pk=visitors.visitor.pk).phone == PHONE
    assert json.loads(gzip.open(out, "rt").read())[0]["fields"]["phone"].startswith("gAAAAA")


def test_keys_rotate_old_values_read_with_the_old_key_until_reencrypted(visitors, settings):
    old = settings.FIELD_ENCRYPTION_KEY[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = [new, old]
    assert Visitor.objects.get(pk=visitors.visitor.pk).phone == PHONE
    call_command("reencrypt_personal_data", stdout=open("/dev/null", "w"))
    settings.FIELD_ENCRYPTION_KEY = [new]
    assert Visitor.objects.get(pk=visitors.visitor.pk).phone == PHONE
    settings.FIELD_ENCRYPTION_KEY = [old]
    with pytest.raises(DecryptionError):
        Visitor.objects.get(pk=visitors.visitor.pk)
