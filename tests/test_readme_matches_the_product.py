"""The README's quick start is two commands, and its logins are the demo's."""

import re
from pathlib import Path

from demo.foundation import DEMO_LOGINS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_quick_start_is_make_run_and_make_test():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_the_readme_lists_every_demo_login_with_its_password():
    for login in DEMO_LOGINS:
        assert f"| `{login.username}` | `{login.password}` |" in README


def test_the_quick_start_says_make_run_runs_the_scheduled_jobs_without_redis():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "no Redis" in section and "beat" in section and "`filesystem://`" in section
    assert "3-day notices (规范 第九条)" in section
    assert "PUBLIC_BASE_URL" in section and "SERVED_BASE_URL" in section
