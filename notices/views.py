from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .choices import Channel
from .models import Message


@login_required
def inbox(request):
    messages = Message.objects.filter(recipient=request.user, channel=Channel.INBOX)[:100]
    return render(request, "notices/inbox.html", {"inbox": messages})


@require_POST
@login_required
def mark_read(request, pk):
    message = get_object_or_404(Message, pk=pk, recipient=request.user, channel=Channel.INBOX)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return redirect("notices:inbox")
