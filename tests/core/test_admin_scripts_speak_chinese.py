"""The admin's scripts draw some of its pages themselves (the two-box member picker of
filter_horizontal, the calendar, the action bar): every text they ask the admin's
JavaScript catalogue for has a Chinese translation, and none of those has English in it."""

import json
import re
from pathlib import Path

import django.contrib.admin
import pytest

from .test_every_page_is_in_chinese import ALLOWED, WORD

SCRIPTS = Path(django.contrib.admin.__file__).parent / "static" / "admin" / "js"
# gettext('…'), ngettext('…', '…', n), in single or double quotes
CALL = re.compile(r"""\b(n?gettext)\(\s*(['"])((?:\\.|(?!\2).)*)\2""", re.S)
CATALOG = re.compile(r"const newcatalog = (\{.*?\});\n", re.S)


def asked_for() -> set[str]:
    texts = set()
    for script in SCRIPTS.rglob("*.js"):
        if "vendor" in script.parts or script.name.endswith(".min.js"):
            continue
        for _call, _quote, text in CALL.findall(script.read_text()):
            texts.add(text.replace("\\'", "'").replace('\\"', '"'))
    return texts


@pytest.mark.django_db
def test_every_text_of_the_admin_scripts_has_a_chinese_translation(client, personas):
    client.force_login(personas.beijing_clerk)
    response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    catalog = json.loads(CATALOG.search(response.content.decode()).group(1))
    texts = asked_for()
    assert "Choose all %s" in texts  # the picker's own texts are among those checked
    missing = sorted(t for t in texts if t not in catalog)
    assert not missing, f"no Chinese for: {missing}"
    english = {t: w for t in texts
               if (w := {w for w in WORD.findall(re.sub(r"%\(?\w*\)?s", "", str(catalog[t])))}
                   - ALLOWED)}
    assert not english, f"English left in: {english}"
