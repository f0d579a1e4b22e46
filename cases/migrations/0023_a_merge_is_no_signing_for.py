from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate


def recount(apps, schema_editor):
    """A request merged while still 已登记 kept the merge's step as the day it was first
    signed for (响应, cases.rates), and so did its master, which gets a note step of the
    merge in its own state. Neither was signed for: recount the day for the cases with a
    merge step from 已登记, from their other steps (one UPDATE)."""
    Case, CaseStep = apps.get_model("cases", "Case"), apps.get_model("cases", "CaseStep")
    steps = CaseStep.objects.filter(case=OuterRef("pk")).order_by("at", "pk")
    merged = CaseStep.objects.filter(action="merge", from_state="registered").values("case_id")
    Case.objects.filter(pk__in=merged).update(signed_for_on=TruncDate(Subquery(
        steps.filter(from_state="registered").exclude(action="merge").values("at")[:1])))


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0022_case_step_facts"),
    ]

    operations = [
        migrations.RunPython(recount, migrations.RunPython.noop, elidable=True),
    ]
