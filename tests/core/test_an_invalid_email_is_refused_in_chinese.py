"""A mistyped e-mail address is refused in Chinese words only: Django's zh-hans says
“输入一个有效的 Email 地址。”, ours (locale/) “请输入有效的电子邮件地址。”."""

from django import forms
from django.utils import translation

from .test_every_page_is_in_chinese import WORD


def test_an_invalid_email_address_is_refused_in_chinese():
    field = forms.EmailField()
    with translation.override("zh-hans"):
        try:
            field.clean("chen@")
        except forms.ValidationError as error:
            messages = error.messages
    assert messages == ["请输入有效的电子邮件地址。"]
    assert not WORD.findall(messages[0])
