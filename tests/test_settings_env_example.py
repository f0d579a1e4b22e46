"""Every environment variable the settings read is documented in .env.example."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
READ = re.compile(r"""\b(?:env(?:\.\w+)?|required)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read_by_settings() -> set[str]:
    names = set()
    for path in (BASE_DIR / "config" / "settings").glob("*.py"):
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def variables_documented() -> set[str]:
    text = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_the_settings_read_the_variables_we_expect():
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CELERY_BROKER_URL"} <= (
        variables_read_by_settings()
    )


def test_every_variable_read_by_the_settings_is_in_env_example():
    missing = variables_read_by_settings() - variables_documented()
    assert not missing, f"在 .env.example 中补充说明：{sorted(missing)}"
