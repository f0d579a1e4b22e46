"""What the roster tells whoever listens, inside its transaction: apps above members, which
members never imports, connect in their AppConfig.ready."""

from django.dispatch import Signal

# A roster import changed members' dates of joining or leaving (`member_ids`): scoring
# recounts which of their records count (规范 第五条).
terms_changed = Signal()
