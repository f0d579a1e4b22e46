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
