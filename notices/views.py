from django import forms
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wecom.client import configured as wecom_configured

from .models import ChannelPreference, Message


@login_required
def inbox(request):
    messages = Message.objects.inbox_of(request.user)[:100]
    return render(request, "notices/inbox.html", {"inbox": messages})


@require_POST
@login_required
def mark_read(request, pk):
    _read(get_object_or_404(Message.objects.inbox_of(request.user), pk=pk))
    return redirect("notices:inbox")


@login_required
def open_link(request, pk):
    """Follow a message to the page of the record it is about; it is read from then on.
    Another person's message is a 404; a link that is not a path of this site goes nowhere."""
    message = get_object_or_404(Message.objects.inbox_of(request.user), pk=pk)
    _read(message)
    link = message.link
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notices:inbox")


def _read(message: Message) -> None:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ChannelPreference
        fields = ["email", "sms", "wecom"]


@login_required
def preferences(request):
    """Each person chooses the channels they are told on besides the inbox, and links or
    unlinks their 粤政易 account (accounts.wecom)."""
    preference = (ChannelPreference.objects.filter(user=request.user).first()
                  or ChannelPreference(user=request.user))
    form = PreferenceForm(request.POST or None, instance=preference)
    if not settings.WECOM_MESSAGES:
        del form.fields["wecom"]
    if request.method == "POST" and form.is_valid():
        form.save()
        flash.success(request, _("消息接收设置已保存。"))
        return redirect("notices:preferences")
    linking = wecom_configured() and bool(settings.WECOM_SIGN_IN or settings.WECOM_MESSAGES)
    return render(request, "notices/preferences.html", {
        "form": form, "wecom_userid": request.user.wecom_userid, "wecom_linking": linking,
        "wecom_messages": settings.WECOM_MESSAGES,
    })
