"""The attack matrix: no role reaches a record outside its scope.

For every role (the personas) and every record outside that role's scope (another district,
town/street, workroom, committee or member: whatever `for_user` leaves out), every way in is
tried: each page, each detail by id, each edit and delete (POST), each admin changelist
search, change, delete, history and bulk action, each export and download, the .ics feeds
and the htmx fragments. Each must be refused (403, 404, 405 or a redirect to a login page)
and its response (the page, the file inside an .xlsx or PDF, the redirect address) must
hold none of the record's marker strings. The routes come from the URL resolver: a route
nobody classified below fails the test, so a new page cannot be forgotten.

Visitors' name, phone and address count as outside the scope of everyone who is not their
handler (`cases.privacy`): they must never appear unmasked to them.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.callbacks import callback_token
from cases.privacy import full_view_ids
from notices.models import Message

from .world import YEAR, World, build_world

ROLES = [
    "yuexiu_staff", "liwan_staff", "tianhe_staff", "beijing_lead", "beijing_clerk",
    "hualin_clerk", "economy_staff", "agri_staff", "member_user", "other_member_user",
    "useradmin", "auditor", "nobody", None,  # None: anonymous
]
SEARCH = "秘"  # every marker contains it: a search for it finds every record it may

# --- how each route is reached ----------------------------------------------------------


@dataclass
class Obj:
    """A route about one record: `kwarg` takes the pk of a record of `label`."""

    label: str
    kwarg: str = "pk"
    extra: dict = field(default_factory=dict)
    post: dict | None = None  # POST this (None: GET only)
    get: bool = True
    heavy: bool = False  # renders a PDF: tried only outside the scope
    variants: list = field(default_factory=lambda: [{}])  # query strings (exports)


@dataclass
class Page:
    """A route about no single record: tried with each set of query parameters."""

    variants: list = field(default_factory=lambda: [{}])
    kwargs: dict = field(default_factory=dict)
    post: dict | None = None


@dataclass
class Public:
    """No login by design (规范 第八条): only private markers are checked, as anonymous."""

    label: str | None = None
    kwarg: str = "pk"
    value: Callable | None = None  # the URL's argument from the record (a signed token)

    def argument(self, obj):
        if self.value is not None:
            return self.value(obj)
        return obj.token if self.kwarg == "token" else obj.pk


@dataclass
class Media:
    """Uploaded files (core/media.py): the /media/ address of every file a record stores.
    Scoped files are tried by every role (refused outside `for_user`); files public by design
    (规范 第八条 photos, notices) as anonymous, with the public routes."""


SKIP = "login, logout, password, second factor, language, health, ping: no records"

ROUTES: dict[str, object] = {
    "healthz": SKIP, "ping": SKIP, "set_language": SKIP, "login": SKIP, "logout": SKIP,
    "otp_setup": SKIP, "otp_verify": SKIP, "password_change": SKIP,
    "password_change_done": SKIP,
    # the unified identity's code flow: no records (tests/accounts/test_sign_in_through_*)
    "oidc_start": SKIP, "oidc_callback": SKIP,
    "identity_link": Page(),  # one's own link only
    "identity_link_start": Page(post={}),
    "identity_unlink": Page(post={}),
    # Signing in through 粤政易 and linking one's own id: about one's own account only.
    "wecom_login": SKIP, "wecom_link": SKIP, "wecom_callback": SKIP, "wecom_unlink": SKIP,
    "home": Page(),
    "notices:inbox": Page(),
    "notices:preferences": Page(),
    "notices:read": Obj("notices.message", post={}, get=False),
    "notices:open": Obj("notices.message"),
    "members:import_template": Page(),
    "members:guidance": Page(),
    "workrooms:import_template": Page(),
    "workrooms:directory": Public(),
    "workrooms:detail": Public("workrooms.workroom"),
    "workrooms:ics": Public("workrooms.workroom"),
    "workrooms:notice_pdf": Public("receptions.notice"),
    "workrooms:member_ics": Public("receptions.membercalendarfeed", kwarg="token"),
    # A resident's request by its receipt number: the forms, as anonymous (the answers are
    # POSTed and tested in tests/public/test_a_resident_looks_up_a_request_*.py).
    "status:lookup": Public(),
    "status:code": Public(),
    "receptions:plan": Page([{}, {"year": YEAR}]),
    "receptions:poster": Obj("workrooms.workroom", "workroom_id", variants=[{}, {"size": "a3"}],
                             heavy=True),
    "cases:start": Page(),
    "cases:activity_create": Obj("workrooms.workroom", "workroom_id",
                                 post={"summary": "越权", "submit": "draft"}),
    "cases:ledger": Obj("workrooms.workroom", "workroom_id",
                        variants=[{}, {"format": "xlsx"}, {"format": "pdf"}]),
    "cases:activity": Obj("cases.activity"),
    "cases:activity_edit": Obj("cases.activity", post={"summary": "越权", "submit": "draft"}),
    "cases:activity_held": Obj("cases.activity", post={}, get=False),
    "cases:visitor_add": Obj("cases.activity", post={
        "visitor-name": "越权", "cases-TOTAL_FORMS": "1", "cases-INITIAL_FORMS": "0",
        "cases-0-content": "越权"}),
    "cases:case_row": Obj("cases.activity", extra={}),
    "cases:list": Page([{}, {"q": SEARCH}, {"state": "registered"}]),
    "cases:overdue": Page(),
    "cases:clusters": Page(),
    "cases:consultation_topic": Obj("cases.cluster", post={"title": "越权", "reason": "越权"}),
    "cases:case": Obj("cases.case"),
    "cases:receipt": Obj("cases.case"),
    "cases:route": Obj("cases.case", extra={"action": "answer"}, post={"answer": "越权"}),
    "cases:callback": Obj("cases.case", post={
        "channel": "phone", "called_at": f"{YEAR}-03-16T10:00", "solved": "unsolved",
        "satisfaction": "dissatisfied", "comment": "越权"}),
    # The resident's answer from the SMS link, no login: the token names one closing.
    "cases:callback_answer": Public("cases.case", kwarg="token", value=callback_token),
    "scoring:index": Page(),
    "scoring:me": Page(),
    "scoring:my_archive": Page(),
    "scoring:log_contact": Page(post={}),
    "scoring:member": Obj("members.member"),
    "scoring:member_archive": Obj("members.member", heavy=True),
    "scoring:table": Page([{}, {"year": YEAR}, {"export": "xlsx", "year": YEAR}]),
    "scoring:sectors": Page([{}, {"year": YEAR}]),
    "scoring:export": Page([{}, {"year": YEAR}]),
    "scoring:export_download": Page(
        [{"year": YEAR}, {"year": "²"}],
        kwargs={"dataset": "records", "fmt": "csv"}),
    "reports:index": Page(),
    "reports:overview": Page(kwargs={"year": YEAR}),
    "reports:city_download": Page(kwargs={"year": YEAR, "fmt": "xlsx"}),
    "reports:district": Obj("regions.district", extra={"year": YEAR},
                            post={"achievements": "越权"}),
    "reports:reopen": Obj("regions.district", extra={"year": YEAR}, post={"reason": "越权"},
                          get=False),
    "reports:district_download": Obj("regions.district", extra={"year": YEAR, "fmt": "pdf"},
                                     heavy=True),
    "reports:committee": Obj("members.committee", extra={"year": YEAR}),
    "reports:committee_download": Obj("members.committee", extra={"year": YEAR, "fmt": "pdf"},
                                      heavy=True),
    "reports:file": Obj("reports.reportfile"),
    "reports:file_status": Obj("reports.reportfile"),
    "reports:file_download": Obj("reports.reportfile"),
    "audit:events": Page([{}, {"username": SEARCH}]),
    "audit:events_export": Page(),
    "audit:changes": Page(),
    "media": Media(),
    # The 12345 exchange (Open311): an API key, not a login, opens it; with a session and no
    # key every call is a 403 (tests/exchange/ test the keys, scopes and refusals).
    "open311:discovery": Page(),
    "open311:openapi": Page(),
    "open311:services": Page(),
    "open311:service": Page(kwargs={"code": "990101"}),
    "open311:requests": Page([{}, {"status": "open"}], post={}),
    "open311:request": Obj("cases.case", "service_request_id"),
}
# The admin's own pages: one rule per kind of admin URL (all ModelAdmins alike).
ADMIN_PAGES = {"admin:index", "admin:app_list"}
ADMIN_SKIP = {"admin:login", "admin:logout", "admin:password_change",
              "admin:password_change_done", "admin:jsi18n", "admin:"}
ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history", "simple_history", "export",
               "import", "process_import", "plan", "config", "qrcode", "password_change")
ADMIN_OTHER = {"admin:view_on_site", "admin:autocomplete", "admin:auth_user_password_change"}


def all_route_names() -> set[str]:
    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                yield ns + (p.name or "")
    return set(walk(get_resolver().url_patterns))


def unclassified(names: set[str]) -> set[str]:
    left = set()
    for name in names:
        if name in ROUTES or name in ADMIN_PAGES | ADMIN_SKIP | ADMIN_OTHER:
            continue
        if name.startswith("admin:") and name.rsplit("_", 1)[-1] in ADMIN_VIEWS + ("history",):
            continue
        left.add(name)
    return left


def test_every_route_is_classified():
    assert unclassified(all_route_names()) == set(), "在 ROUTES 中说明新路由如何测试越权"


# --- what a user may see ------------------------------------------------------------------


def visible(user, obj) -> bool:
    """Whether `obj` is in `user`'s scope: the one rule of each model (`for_user`)."""
    return in_scope(user, obj) and (
        obj._meta.label_lower != "cases.visitor" or obj.pk in full_view_ids(user, [obj])
    )  # a visitor in scope but not handled by the user is seen masked: plain values outside


def in_scope(user, obj) -> bool:
    if user is None:
        return False
    label = obj._meta.label_lower
    if label == "audit.auditevent":
        return user.has_perm("audit.view_auditevent")
    if label == "otp_totp.totpdevice":
        return user.has_perm("otp_totp.view_totpdevice") or obj.user_id == user.pk
    if label == "notices.smsoutbox":
        return Message.objects.for_user(user).filter(pk=obj.message_id).exists()
    if label == "receptions.membercalendarfeed":
        return in_scope(user, obj.member)
    if label == "members.committee":
        return user.is_superuser or user.role == "city" or user.committee_id == obj.pk
    manager = type(obj)._default_manager
    return manager.for_user(user).filter(pk=obj.pk).exists()


def stored_files(world: World):
    """(record, file) for every file field of every record that holds a file."""
    for rec in world.records:
        for f in rec.obj._meta.concrete_fields:
            if isinstance(f, models.FileField) and getattr(rec.obj, f.name):
                yield rec, getattr(rec.obj, f.name)


def served_publicly(obj) -> bool:
    """The public pages' own rule (public.views): members shown there, their notices."""
    from public.views import public_members, public_notices

    rows = {"members.member": public_members, "receptions.notice": public_notices}
    query = rows.get(obj._meta.label_lower)
    return query is not None and query().filter(pk=obj.pk).exists()


def markers_outside(world: World, user) -> tuple[set[str], list]:
    foreign = [rec for rec in world.records if not visible(user, rec.obj)]
    return {m for rec in foreign for m in rec.private + rec.public}, foreign


# --- reading a response ---------------------------------------------------------------------


def text_of(response) -> str:
    data = (b"".join(response.streaming_content) if response.streaming
            else response.content)
    kind = response.get("Content-Type", "")
    parts = [response.get("Location", "")]
    if "spreadsheetml" in kind and data:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        parts += [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                  for v in row if v is not None]
    elif "pdf" in kind and data.startswith(b"%PDF") and b"/Type" in data:
        from pypdf import PdfReader

        parts += [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
        parts.append(data.decode("latin-1"))
    else:
        parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


LOGIN = re.compile(r"^/(admin/)?login/")
# The auditor reads the whole trail by design (三员分立); even there, personal data is masked.
AUDIT_TRAIL = ("/audit/", "/admin/audit/", "/admin/axes/")


# Django's admin answers /admin/<app>/<model>/<id>/ with a redirect to .../<id>/change/
# whatever the id: it confirms nothing, and the change page itself is tried too.
ADMIN_ALIAS = re.compile(r"^/admin/\w+/\w+/(?P<id>[^/]+)/change/$")


def refused(response, url: str = "") -> bool:
    if response.status_code in {403, 404, 405}:
        return True
    if response.status_code != 302:
        return False
    location = response["Location"]
    alias = ADMIN_ALIAS.match(location)
    return bool(LOGIN.match(location)) or bool(alias and location.startswith(url))


# --- the matrix -------------------------------------------------------------------------------


class Matrix:
    def __init__(self, client: Client, world: World):
        self.client, self.world = client, world
        self.tried = Counter()
        self.failures: list[str] = []

    def run_role(self, user) -> None:
        self.user = user
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        self.markers, self.foreign = markers_outside(self.world, user)
        before = snapshot(self.foreign)
        for name, spec in ROUTES.items():
            if isinstance(spec, Obj):
                self.object_route(name, spec)
            elif isinstance(spec, Page):
                self.page(name, spec)
            elif isinstance(spec, Media):
                self.media()
        self.admin()
        if snapshot(self.foreign) != before:
            self.fail("POST", "-", "a record outside the scope was changed or deleted")

    # one request
    def request(self, method, url, data=None, *, must_refuse, record=None):
        response = getattr(self.client, method)(url, data or {})
        self.tried[(method, bool(must_refuse))] += 1
        if must_refuse and not refused(response, url):
            self.fail(method, url, f"not refused ({response.status_code})", record)
            return
        text = text_of(response)
        markers = self.markers
        if url.startswith(AUDIT_TRAIL) and getattr(self.user, "role", "") == "auditor":
            markers = {m for m in markers if m in self.world.personal}  # 三员分立: reads all
        leaked = sorted(m for m in markers if m in text)
        if leaked:
            self.fail(method, url, f"leaks {leaked}", record)

    def fail(self, method, url, what, record=None):
        who = getattr(self.user, "username", "anonymous")
        self.failures.append(f"{who} {method} {url} {record or ''}: {what}")

    # non-admin routes
    def object_route(self, name, spec: Obj):
        for rec in self.records_of(spec.label):
            outside = not in_scope(self.user, rec.obj)
            if spec.heavy and not outside:
                continue
            url = reverse(name, kwargs={spec.kwarg: rec.obj.pk, **spec.extra})
            for params in spec.variants if spec.get else ():
                if outside or params.get("format") != "pdf":  # in scope: the .xlsx says the same
                    self.request("get", url, params, must_refuse=outside, record=rec.obj)
            if spec.post is not None and outside:
                self.request("post", url, spec.post, must_refuse=True, record=rec.obj)

    def media(self):
        for rec, file in stored_files(self.world):
            if not served_publicly(rec.obj):
                outside = not in_scope(self.user, rec.obj)
                self.request("get", file.url, must_refuse=outside, record=rec.obj)

    def records_of(self, label):
        from django.apps import apps

        if label in {"regions.district", "members.committee"}:
            model = apps.get_model(label)
            return [Wrap(obj) for obj in model.objects.all()]
        return self.world.of(label)

    def page(self, name, spec: Page):
        url = reverse(name, kwargs=spec.kwargs)
        for params in spec.variants:
            self.request("get", url, params, must_refuse=False)
        if spec.post is not None:
            for rec in self.foreign:  # a foreign id in a form: never accepted
                if rec.label == "members.constituent":
                    self.request("post", url, {"constituent": rec.obj.pk, "date": f"{YEAR}-03-01"},
                                 must_refuse=False, record=rec.obj)

    # the admin
    def admin(self):
        self.request("get", reverse("admin:index"), must_refuse=False)
        for model, model_admin in admin.site._registry.items():
            opts = model._meta
            base = f"admin:{opts.app_label}_{opts.model_name}"
            self.request("get", reverse(f"{base}_changelist"), {"q": SEARCH}, must_refuse=False)
            self.request("get", reverse(f"{base}_add"), must_refuse=False)
            self.admin_actions(base, model, model_admin)
            self.admin_exports(base, opts)
            for rec in self.world.of(opts.label_lower):
                if not in_scope(self.user, rec.obj):
                    self.admin_record(base, rec)
        for app_label in {m._meta.app_label for m in admin.site._registry}:
            self.request("get", reverse("admin:app_list", args=[app_label]), must_refuse=False)
        self.autocomplete()

    def admin_record(self, base, rec):
        pk = rec.obj.pk
        for view in ("change", "delete", "history"):
            self.request("get", reverse(f"{base}_{view}", args=[pk]), must_refuse=True,
                         record=rec.obj)
        self.request("post", reverse(f"{base}_change", args=[pk]), {"name": "越权"},
                     must_refuse=True, record=rec.obj)
        self.request("post", reverse(f"{base}_delete", args=[pk]), {"post": "yes"},
                     must_refuse=True, record=rec.obj)
        self.request("get", f"{reverse(f'{base}_change', args=[pk]).rsplit('change/', 1)[0]}",
                     must_refuse=True, record=rec.obj)
        history = getattr(type(rec.obj), "history", None)
        if history is not None and hasattr(history, "model"):
            latest = history.model.objects.filter(id=pk).order_by("-history_id").first()
            if latest is not None:
                url = reverse(f"{base}_simple_history", args=[pk, latest.history_id])
                self.request("get", url, must_refuse=True, record=rec.obj)
        kind = ContentType.objects.get_for_model(rec.obj)
        self.request("get", reverse("admin:view_on_site", args=[kind.pk, pk]), must_refuse=True,
                     record=rec.obj)
        if rec.label == "otp_totp.totpdevice":
            for view in ("config", "qrcode"):
                self.request("get", reverse(f"{base}_{view}", args=[pk]), must_refuse=True,
                             record=rec.obj)
        if rec.label == "accounts.user":
            self.request("get", reverse("admin:auth_user_password_change", args=[pk]),
                         must_refuse=True, record=rec.obj)

    def admin_actions(self, base, model, model_admin):
        foreign = [r.obj.pk for r in self.foreign
                   if isinstance(r.obj, model) and not in_scope(self.user, r.obj)]
        if not foreign or self.user is None:
            return
        request = _fake_request(self.user)
        try:
            actions = model_admin.get_actions(request)
        except Exception:  # noqa: BLE001 - no admin access at all
            actions = {}
        for action in actions or {"delete_selected": None}:
            self.request("post", reverse(f"{base}_changelist"), {
                "action": action, "_selected_action": foreign, "post": "yes", "index": "0",
            }, must_refuse=False)

    def admin_exports(self, base, opts):
        name = f"{base}_export"
        try:
            url = reverse(name)
        except Exception:  # noqa: BLE001 - this admin has no export
            return
        for file_format in ("0", "1"):
            self.request("post", url, {"format": file_format, "resource": "0"}, must_refuse=False)
        for view in ("import",):
            self.request("get", reverse(f"{base}_{view}"), must_refuse=False)

    def autocomplete(self):
        """Every foreign key to a searchable admin, searched as the admin's widget would."""
        for model in admin.site._registry:
            for fk in model._meta.get_fields():
                remote = getattr(fk, "related_model", None)
                if not (getattr(fk, "many_to_one", False) or getattr(fk, "many_to_many", False)):
                    continue
                if fk.auto_created or remote not in admin.site._registry:
                    continue
                if not admin.site._registry[remote].search_fields:
                    continue
                self.request("get", reverse("admin:autocomplete"), {
                    "app_label": model._meta.app_label, "model_name": model._meta.model_name,
                    "field_name": fk.name, "term": SEARCH,
                }, must_refuse=False)

    def public(self):
        """Public pages, as anonymous: no private marker of anyone, ever."""
        self.user = None
        self.client.logout()
        self.markers = {m for rec in self.world.records for m in rec.private}
        self.foreign = []
        for rec, file in stored_files(self.world):
            self.request("get", file.url, must_refuse=not served_publicly(rec.obj),
                         record=rec.obj)
        for name, spec in ROUTES.items():
            if not isinstance(spec, Public):
                continue
            if spec.label is None:
                for params in ({}, {"q": SEARCH}):
                    self.request("get", reverse(name), params, must_refuse=False)
                continue
            for rec in self.world.of(spec.label):
                value = spec.argument(rec.obj)
                self.request("get", reverse(name, kwargs={spec.kwarg: value}), must_refuse=False,
                             record=rec.obj)


@dataclass
class Wrap:
    obj: object

    @property
    def label(self):
        return self.obj._meta.label_lower


def _fake_request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def snapshot(records) -> dict:
    state = {}
    for rec in records:
        model = type(rec.obj)
        row = model._base_manager.filter(pk=rec.obj.pk).values().first()
        if row:
            row.pop("last_login", None)
            row.pop("updated_at", None)
            row.pop("last_used_at", None)
            row.pop("throttling_failure_timestamp", None)
        state[(rec.label, rec.obj.pk)] = row
    return state


@pytest.mark.django_db
def test_no_role_reaches_a_record_outside_its_scope_by_any_route(client, personas, capsys):
    world = build_world(personas)
    _scope_is_what_the_matrix_assumes(world, personas)
    matrix = Matrix(client, world)
    for name in ROLES:
        matrix.run_role(getattr(personas, name) if name else None)
    matrix.public()
    total = sum(matrix.tried.values())
    refusals = sum(n for (method, must), n in matrix.tried.items() if must)
    with capsys.disabled():
        print(f"\n攻击矩阵：{len(ROLES)} 个角色，{len(world.records)} 条记录，"
              f"{len(all_route_names())} 个路由；共尝试 {total} 次请求，"
              f"其中 {refusals} 次须被拒绝，其余 {total - refusals} 次检查无越权内容。")
    assert not matrix.failures, "\n".join(matrix.failures[:80])


def _scope_is_what_the_matrix_assumes(world: World, p):
    """Scope B (荔湾/华林/李华) is outside every scope-A role, for the records that matter."""
    kinds = {"members.member", "workrooms.workroom", "receptions.reception", "receptions.notice",
             "cases.activity", "cases.visitor", "cases.case", "scoring.dutyrecord",
             "members.constituent", "reports.workroominspection", "reports.districtreport"}
    b_markers = ("乙", "13911110002")
    for role in (p.yuexiu_staff, p.beijing_lead, p.beijing_clerk, p.economy_staff,
                 p.member_user):
        for rec in world.records:
            if rec.label in kinds and any(b in m for m in rec.private + rec.public
                                          for b in b_markers):
                assert not visible(role, rec.obj), (role.username, rec.label)
