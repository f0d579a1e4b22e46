"""python manage.py import_roster members|workrooms PATH [--user USERNAME]."""

import pytest
from django.core.management import CommandError, call_command

from members.models import Member

from .roster import MEMBER_HEADER

GOOD = "王五,区政协委员,越秀区,教育界,,否,,,,13900001111,,"
BAD = "赵六,区政协委员,荔湾区,教育界,,否,,,,139,,"


def write(tmp_path, *lines, name="roster.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_the_command_imports_a_good_file_and_says_so(tmp_path, personas, capsys):
    call_command("import_roster", "members", write(tmp_path, MEMBER_HEADER, GOOD))
    assert "导入成功：共1行，新增1" in capsys.readouterr().out
    assert Member.objects.filter(name="王五").exists()


@pytest.mark.django_db
def test_the_command_prints_every_row_error_and_fails(tmp_path, personas, capsys):
    path = write(tmp_path, MEMBER_HEADER, GOOD, BAD)
    with pytest.raises(CommandError, match="未导入"):
        call_command("import_roster", "members", path, "--user", "yuexiu")
    errors = capsys.readouterr().err
    assert "第3行：所属区：您只能导入本区（越秀区）的委员。" in errors
    assert "第3行：手机号码：电话号码格式不正确" in errors
    assert not Member.objects.filter(name="王五").exists()


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_user_or_a_missing_file(tmp_path, personas):
    with pytest.raises(CommandError, match="没有这个用户"):
        call_command("import_roster", "members", write(tmp_path, MEMBER_HEADER), "--user", "nix")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_roster", "workrooms", str(tmp_path / "none.xlsx"))
