"""Our Chinese for Django's and the packages' English texts (locale/*.po) is what the
product serves: each committed .mo holds exactly its .po's translations (`make messages`
compiles them after an edit)."""

import ast
import gettext
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def po_entries(path: Path) -> dict:
    """{msgid or (msgid, n): msgstr} of a .po file (the subset of the format used here:
    no contexts)."""
    entries, current, key = {}, {}, None
    for line in [*path.read_text().splitlines(), ""]:
        line = line.strip()
        if line.startswith("#"):
            continue
        if not line:
            if current.get("msgid"):
                if "msgid_plural" in current:
                    entries.update({(current["msgid"], int(k[7:-1])): v
                                    for k, v in current.items() if k.startswith("msgstr[")})
                else:
                    entries[current["msgid"]] = current["msgstr"]
            current = {}
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, text = line.split(" ", 1)
            current[key] = ast.literal_eval(text)
    return entries


CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def test_there_are_catalogues():
    assert CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_each_mo_holds_its_po(po):
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {k: v for k, v in compiled.items() if k != ""}  # the header
    assert compiled == po_entries(po), "run make messages"
