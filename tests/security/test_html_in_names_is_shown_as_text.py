"""Names and texts holding HTML or script are shown as text everywhere: on
every page a role can open (the routes of the attack matrix), in the admin, on the public
pages, and in the PDFs (where escaped markup prints literally instead of vanishing).

Every `|safe` and `mark_safe` in the templates and code is accounted for in SAFE_USES."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case
from receptions.choices import ReceptionStatus
from receptions.models import Reception
from receptions.services import notice_publish_due
from reports.documents import document_data, render_document

from .test_attack_matrix import ROUTES, Obj, Page, Public, in_scope
from .world import YEAR, build_world

SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>x</b>"
IMG = "<img src=x onerror=alert(3)>"
RAW = [SCRIPT, "<script>alert(2)</script>", BOLD, IMG]
BASE = Path(__file__).resolve().parents[2]

# Every place the product marks text safe, and why it is.
SAFE_USES = {
    "templates/registration/otp_setup.html": "QR code SVG drawn by qrcode (paths only)",
    "templates/scoring/table.html": "bar_chart SVG; labels escaped by documents.charts",
    "templates/reports/_committee_figures.html": "bar_chart SVG; labels escaped",
    "templates/reports/_district_figures.html": "bar_chart SVG; labels escaped",
    "templates/reports/_city_tables.html": "bar_chart SVG; labels escaped",
    "templates/documents/pdf_base.html": "the font family, a constant of documents.pdf",
    "receptions/poster.py": "QR code SVG drawn by qrcode from the workroom's public URL",
    "templates/cases/receipt.html": "QR code SVG drawn by qrcode from the status page's URL",
}


def test_every_safe_marking_is_accounted_for():
    found = set()
    for path in [*BASE.glob("templates/**/*.html"), *BASE.glob("*/templates/**/*.html"),
                 *BASE.glob("*/*.py"), *BASE.glob("*/*/*.py")]:
        rel = path.relative_to(BASE).as_posix()
        if rel.startswith((".venv", "tests", "bench")):
            continue
        if re.search(r"\|safe\b|mark_safe\(|\{% autoescape off", path.read_text("utf-8")):
            found.add(rel)
    assert found - set(SAFE_USES) == set(), "说明新的 |safe / mark_safe 为何安全，或删除它"


def test_chart_labels_are_escaped():
    from documents.charts import bar_chart

    svg = bar_chart([SCRIPT], [(BOLD, [1])], title=IMG)
    assert all(raw not in svg for raw in (SCRIPT, BOLD, IMG)) and "&lt;script&gt;" in svg


@pytest.fixture
def hostile(personas):
    world = build_world(personas)
    p = personas
    p.member.name = SCRIPT
    p.member.save()
    case = Case.objects.get(content="秘甲诉求内容")
    case.content = BOLD
    case.save()
    case.activity.summary = IMG
    case.activity.save()
    case.visitor.name = "<script>alert(2)</script>"
    case.visitor.save()
    for rec in world.of("scoring.dutyrecord") + world.of("members.constituent"):
        field = "title" if hasattr(rec.obj, "title") else "name"
        setattr(rec.obj, field, BOLD + getattr(rec.obj, field))
        rec.obj.save()
    Reception.objects.filter(workroom=p.beijing_room).update(place=BOLD + "接待点")
    return world


def _html(response) -> str:
    if "html" not in response.get("Content-Type", "") or response.streaming:
        return ""
    return response.content.decode("utf-8", errors="replace")


def _pages_of(world, user):
    for name, spec in ROUTES.items():
        if isinstance(spec, Page):
            for params in spec.variants:
                yield reverse(name, kwargs=spec.kwargs), params
        elif isinstance(spec, Obj) and spec.get and not spec.heavy:
            for rec in world.of(spec.label):
                if in_scope(user, rec.obj):
                    yield reverse(name, kwargs={spec.kwarg: rec.obj.pk, **spec.extra}), {}
    for model in admin.site._registry:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {}
        for rec in world.of(opts.label_lower):
            if in_scope(user, rec.obj):
                yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                              args=[rec.obj.pk]), {}


def test_html_and_script_in_names_and_texts_are_escaped_on_every_page(client, hostile):
    p, seen, pages = hostile.p, 0, 0
    for user in (p.city, p.beijing_clerk, p.yuexiu_staff, p.member_user, p.economy_staff):
        client.force_login(user)
        for url, params in _pages_of(hostile, user):
            body = _html(client.get(url, params))
            pages += 1
            assert not [raw for raw in RAW if raw in body], (user.username, url)
            seen += "&lt;b&gt;x&lt;/b&gt;" in body or "&lt;script&gt;" in body
    client.logout()
    for name, spec in ROUTES.items():
        if isinstance(spec, Public) and spec.label in (None, "workrooms.workroom"):
            urls = [reverse(name)] if spec.label is None else [
                reverse(name, kwargs={"pk": r.obj.pk}) for r in hostile.of(spec.label)]
            for url in urls:
                body = _html(client.get(url))
                assert not [raw for raw in RAW if raw in body], url
    assert seen >= 10, "the hostile texts were shown (escaped) on pages"
    assert pages > 100


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_html_in_texts_prints_literally_in_the_pdfs(client, hostile):
    p = hostile.p
    client.force_login(p.beijing_clerk)
    ledger = client.get(reverse("cases:ledger", args=[p.beijing_room.pk]), {"format": "pdf"})
    text = pdf_text(ledger.content)
    assert BOLD in text and "<script>alert(2)</script>" in text and SCRIPT in text
    client.force_login(p.member_user)
    archive = pdf_text(client.get(reverse("scoring:my_archive")).content)
    assert SCRIPT in archive and BOLD + "秘甲提案标题" in archive
    committee = render_document(
        document_data(kind="committee", year=YEAR, committee=p.member.committee), "pdf")
    assert "alert(1)" not in pdf_text(committee) or SCRIPT in pdf_text(committee)


def test_a_member_named_with_html_prints_literally_on_the_reception_notice(personas):
    personas.member.name = SCRIPT
    personas.member.save()
    reception = Reception.objects.create(
        workroom=personas.beijing_room, nominal_date=dt.date(2026, 11, 15),
        date=dt.date(2026, 11, 16), place=BOLD + "接待点", status=ReceptionStatus.PLANNED,
    )
    reception.members.add(personas.member)
    [notice] = notice_publish_due(today=dt.date(2026, 11, 13))
    text = pdf_text(notice.pdf.read())
    assert SCRIPT in text and BOLD in text
