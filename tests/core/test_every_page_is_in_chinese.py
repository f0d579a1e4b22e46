"""Every page a zh-hans user opens is in Chinese: each role opens every product page and
every admin page (index, app lists, each model's changelist, add, change, delete, history,
a past version, import and export) it may open, and no English word is left in what the
page shows: its text and the title, placeholder, aria-label and alt of its elements, the
labels of its buttons. A doubled full stop (“。。”) fails it too.

The pages are found, not listed: the product's routes from the URL resolver (a route with
arguments is filled from the attack matrix's table, which fails on any route left out),
the admin's from the registry and each ModelAdmin's own URLs. Latin text allowed on a page:
the short list below (each with its reason), and the users' own data (names, usernames,
file names), e-mail addresses and web addresses.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ..security.test_attack_matrix import ROUTES, Obj, Page, Public, in_scope
from ..security.world import build_world

# Latin text that belongs on a Chinese page.
ALLOWED = {
    "PDF", "Excel", "xlsx", "csv",  # file formats, named as the user sees them in Office
    "QR",  # 二维码 is shown as "QR 码" by the authenticator apps too
    "TOTP",  # the name of the authenticator standard the apps show
    "ID",  # 身份证/记录 ID, as written in Chinese official forms
    "ics",  # the calendar file's extension (.ics), which calendar apps ask for
    "IP",  # IP 地址: the only name of it
    "CPPCC",  # the brand (Chinese People's Political Consultative Conference)
    "CSV", "UTF", "GB",  # a file's type and encodings (UTF-8, GB18030), as Excel names them
    "JPEG", "PNG",  # the photo formats a phone saves, as it names them
    "Microsoft", "Authenticator",  # the authenticator app's name, as in the app stores
    "A",  # paper sizes (A4, A3), as every office's printer and paper name them
}
# People, places and files of the test data are shown as entered: their Latin parts (the
# personas' usernames, e-mail and file names) are the user's own data.
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
UPPER_ALLOWED = {word.upper() for word in ALLOWED}
DOUBLED = re.compile(r"。。|，，|。，|，。")
ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+|/\S*")

ROLES = ["city", "yuexiu_staff", "beijing_lead", "beijing_clerk", "economy_staff",
         "member_user", "useradmin", "auditor", "nobody", None]  # None: anonymous
# Routes that answer with no page (files, feeds, redirects, JSON): their responses are
# skipped by their content type anyway; these are not requested at all because building
# them is slow (PDF, .xlsx).
NOT_PAGES = re.compile(r"download|_pdf$|ics$|export|import_template|archive|^media$|logout")


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, and the attributes
    that browsers and screen readers show. Not the text of <code> (a key to copy) or <bdi>
    (Django's summary of a password hash: the algorithm and masked characters): data."""

    SHOWN = ("title", "placeholder", "aria-label")
    HIDDEN = {"script", "style", "template", "code", "bdi"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        self.parts += [attrs[a] for a in self.SHOWN if attrs.get(a)]
        kind = (attrs.get("type") or "").lower()
        if tag == "input" and kind in {"submit", "button", "reset"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_in(html: str, own_data: set[str]) -> set[str]:
    """The English words a page shows, and any doubled full stop or comma (“。。”)."""
    parser = VisibleText()
    parser.feed(html)
    text = ADDRESS.sub(" ", "\n".join(parser.parts))
    words = {w for w in WORD.findall(text) if w.upper() not in UPPER_ALLOWED
             and w.lower() not in own_data}
    return words | set(DOUBLED.findall(text))


# The fields whose values people choose or enter as they like, in Latin letters too.
OWN_DATA_FIELDS = {"username", "display_name", "name", "file_name", "recipient_name",
                   "user_agent", "http_accept", "path_info"}  # the last three: a browser's
SYSTEM_APPS = {"auth", "contenttypes", "admin", "sessions"}  # Django's own names (permissions)


def own_data() -> set[str]:
    """Latin words in the values people gave: usernames, names, e-mail addresses, the names
    of uploaded files (never a code the product stores, which must be shown by its label)."""
    words = set()
    for model in apps.get_models():
        if model._meta.app_label in SYSTEM_APPS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.EmailField | models.FileField)
                  or (f.name in OWN_DATA_FIELDS and not f.choices)]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in row:
                words |= {w.lower() for w in WORD.findall(str(value or ""))}
    return words


def product_pages(user, world):
    """Every product page `user` may open: a route without arguments as it is, one with
    arguments for a record in the user's scope."""
    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    yield from walk(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                yield ns + p.name, p

    for name, pattern in walk(get_resolver().url_patterns):
        if NOT_PAGES.search(name):
            continue
        spec = ROUTES.get(name)
        if not pattern.pattern.regex.groups:
            yield reverse(name)
        elif isinstance(spec, Page):
            yield reverse(name, kwargs=spec.kwargs)
        elif isinstance(spec, Obj | Public) and spec.label and getattr(spec, "get", True):
            for rec in world.of(spec.label)[:2]:
                if user is None or in_scope(user, rec.obj) or isinstance(spec, Public):
                    key = spec.argument(rec.obj) if isinstance(spec, Public) else rec.obj.pk
                    yield reverse(name, kwargs={spec.kwarg: key, **getattr(spec, "extra", {})})
                    break


def admin_pages(user):
    """Every admin page: the index, each app's list, and each ModelAdmin's own URLs, those
    about one record filled with a record the user's admin list shows."""
    yield reverse("admin:index")
    for app_label in sorted({m._meta.app_label for m in admin.site._registry}):
        yield reverse("admin:app_list", args=[app_label])
    request = _request(user)
    for model_admin in admin.site._registry.values():
        if not model_admin.has_view_or_change_permission(request):
            continue
        obj = model_admin.get_queryset(request).order_by("-pk").first()
        version = _latest_version(obj)
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if not name or name.endswith(("_process_import", "_export")):
                continue
            arity = pattern.pattern.regex.groups
            if arity == 0:
                yield reverse(f"admin:{name}")
            elif obj is not None and arity == 1 and not name.endswith(("qrcode",)):
                yield reverse(f"admin:{name}", args=[obj.pk])
            elif obj is not None and arity == 2 and version is not None:
                yield reverse(f"admin:{name}", args=[obj.pk, version])


def _latest_version(obj):
    history = getattr(type(obj), "history", None) if obj is not None else None
    if history is None or not hasattr(history, "model"):
        return None
    row = history.model.objects.filter(id=obj.pk).order_by("-history_id").first()
    return row.history_id if row else None


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def changed_twice(world):
    """Records with changes in their history: a choice, a date and time, an empty value."""
    for rec in world.of("receptions.reception"):
        reception = rec.obj
        reception.status, reception.notice_published_at = "held", timezone.now()
        reception.save()


@pytest.mark.django_db
def test_every_page_each_role_opens_is_in_chinese(personas, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    world = build_world(personas)
    changed_twice(world)
    data = own_data()
    found: dict[str, set[str]] = {}
    opened = 0
    for role in ROLES:
        user = getattr(personas, role) if role else None
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        if user is not None:
            client.force_login(user)
        admin_urls = admin_pages(user) if user is not None else [reverse("admin:login")]
        urls = list(dict.fromkeys([*product_pages(user, world), *admin_urls]))
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            opened += 1
            words = english_in(response.content.decode(), data)
            if words:  # the data may have grown since (a login's log): read it again
                data = own_data()
                words = english_in(response.content.decode(), data)
            if words:
                found.setdefault(url, set()).update(words)
    assert opened > 200, f"only {opened} pages opened: the discovery is broken"
    assert not found, "English on pages:\n" + "\n".join(
        f"{url}: {' '.join(sorted(words))}" for url, words in sorted(found.items()))
