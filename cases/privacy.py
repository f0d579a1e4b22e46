"""Visitors' personal data (个人信息保护法): who sees it in full, masking, and the log.

The circle that sees a visitor's name, phone and address in full is the clerk of the
workroom where they came and the handlers of their cases (a user assigned on a current
or past step). Everyone else, district and municipal staff included, sees them masked.
Every unmasked read writes a `PersonalDataAccess` row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from privacy.masking import mask_address, mask_name, mask_phone

from .models import CaseStep, PersonalDataAccess, Visitor


@dataclass(frozen=True)
class ShownVisitor:
    pk: int
    name: str
    phone: str
    address: str
    consent_to_contact: bool
    full: bool


def show(visitor: Visitor, *, full: bool) -> ShownVisitor:
    if full:
        name, phone, address = visitor.name, visitor.phone, visitor.address
    else:
        name = mask_name(visitor.name)
        phone, address = mask_phone(visitor.phone), mask_address(visitor.address)
    return ShownVisitor(
        pk=visitor.pk, name=name, phone=phone, address=address,
        consent_to_contact=visitor.consent_to_contact, full=full,
    )


def full_view_ids(user, visitors: Iterable[Visitor]) -> set[int]:
    """Of these visitors, those `user` may see in full (needs activity__workroom loaded)."""
    visitors = list(visitors)
    if user is None or not user.is_authenticated or not visitors:
        return set()
    # The workroom's clerk reads its visitors in full; the database holds that only a clerk
    # account is a workroom's clerk (workrooms.Workroom.clerk_problem).
    clerk = user.has_perm("cases.unmask_visitor")
    clerked = {v.pk for v in visitors if clerk and v.activity.workroom.clerk_id == user.pk}
    handled = set(
        CaseStep.objects.filter(handler=user, case__visitor__in=visitors)
        .values_list("case__visitor_id", flat=True)
    )
    return clerked | handled


def visitors_shown(
    *, user, visitors: Iterable[Visitor], purpose: str, case=None
) -> dict[int, ShownVisitor]:
    """Each visitor as `user` may see them; unmasked reads are logged."""
    visitors = list(visitors)
    full = full_view_ids(user, visitors)
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(user=user, visitor=v, case=case, purpose=purpose[:60])
        for v in visitors if v.pk in full and _has_personal_data(v)
    )
    return {v.pk: show(v, full=v.pk in full) for v in visitors}


def _has_personal_data(visitor: Visitor) -> bool:
    return bool(visitor.name or visitor.phone or visitor.address)
