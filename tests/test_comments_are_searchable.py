"""Comments, docstrings and docs a newcomer can search (docs/comments.md): they say the rule or
the reason instead of pointing to our issue tracker, and they cite one article of the two
documents at a time, with the sub-item in full-width brackets, so that a search for one article
finds every place that follows it. User-visible text (labels, messages, template text) is not
scanned: only comments, docstrings, template comments and the Markdown docs."""

import functools
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_FOLDERS = {"migrations", "node_modules", "media", "staticfiles", "var", "__pycache__"}
CONFIG_FILES = ("Makefile", "Dockerfile", "docker-compose.yml", ".ci/run", ".env.example")
GENERATED = ("bench/results/",)

N = "一二三四五六七八九十百"
TRACKER = re.compile(r"\b[Ii]ssues? ?#?\d+|\bitems? \d+")
SEVERAL_ARTICLES = re.compile(
    rf"第[{N}]+(?:、[{N}]+)+条"  # several articles under one 第…条
    rf"|举措 [{N}]+(?:[（(][{N}]+[）)])?[、,，] ?[{N}]+[（(]"  # two sub-items under one 举措
    rf"|条[（(][{N}]+[）)][（(]"  # 第十三条 with two sub-items
)
ASCII_SUB_ITEM = re.compile(rf"举措 [{N}]+\(|条 ?\([{N}]+\)")
TEMPLATE_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)


def _ours(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return not (
        any(part.startswith(".") or part in SKIPPED_FOLDERS for part in relative.parts[:-1])
        or str(relative).startswith(GENERATED)
    )


def _python_texts(path: Path):
    """(line, text) of each comment and of each statement that is only a string (docstrings):
    a string token between two statement boundaries."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
              if t.type != tokenize.NL]
    boundaries = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    for before, token, after in zip([None, *tokens[:-1]], tokens, [*tokens[1:], None], strict=True):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
        elif (token.type == tokenize.STRING and (before is None or before.type in boundaries)
                and (after is None or after.type in boundaries | {tokenize.COMMENT})):
            yield token.start[0], token.string


@functools.cache
def _texts() -> tuple:
    """(path, line, text) of every comment, docstring and doc the rules apply to."""
    return tuple(_each_text())


def _each_text():
    for path in filter(_ours, sorted(ROOT.rglob("*.py"))):
        for line, text in _python_texts(path):
            yield path, line, text
    for path in filter(_ours, sorted(ROOT.rglob("*.html"))):
        source = path.read_text()
        for match in TEMPLATE_COMMENT.finditer(source):
            yield path, source.count("\n", 0, match.start()) + 1, match.group()
    documents = [p for p in sorted(ROOT.rglob("*.md")) if _ours(p)]
    documents += [ROOT / name for name in CONFIG_FILES if (ROOT / name).exists()]
    for path in documents:
        yield path, 1, path.read_text()


def _found(pattern: re.Pattern) -> list[str]:
    found = []
    for path, line, text in _texts():
        for match in pattern.finditer(text):
            at = line + text.count("\n", 0, match.start())
            found.append(f"{path.relative_to(ROOT)}:{at}: {match.group()}")
    return found


def test_the_scan_reads_the_code_the_templates_and_the_docs():
    scanned = {str(path.relative_to(ROOT)) for path, _, _ in _texts()}
    assert {"cases/services.py", "README.md", "docs/comments.md", "bench/README.md"} <= scanned
    assert "templates/admin/roster/import.html" in scanned
    assert not any("/migrations/" in name or name.startswith(GENERATED) for name in scanned)


def test_comments_say_the_rule_or_the_reason_not_an_issue_number():
    assert _found(TRACKER) == []


def test_each_citation_names_one_article():
    assert _found(SEVERAL_ARTICLES) == []


def test_sub_items_of_both_documents_are_in_full_width_brackets():
    assert _found(ASCII_SUB_ITEM) == []


def test_the_patterns_catch_what_they_are_meant_to():
    assert TRACKER.search("(issue 7 item 4)") and TRACKER.search("Issue 8: recount")
    assert TRACKER.search("(issue 2, items 4–5)")
    assert not TRACKER.search("django-celery-beat #248") and not TRACKER.search("its issues")
    assert SEVERAL_ARTICLES.search("规范 第十、十一、十三、十四条")
    assert SEVERAL_ARTICLES.search("举措 三(三)、四(一)")
    assert SEVERAL_ARTICLES.search("举措 三, 四(一)")
    assert SEVERAL_ARTICLES.search("规范 第十三条（二）（三）")
    assert not SEVERAL_ARTICLES.search("规范 第十条, 规范 第十四条; 举措 三（三）, 举措 四（一）")
    assert ASCII_SUB_ITEM.search("举措 三(三)") and ASCII_SUB_ITEM.search("规范 第十三条 (四)")
    assert not ASCII_SUB_ITEM.search("举措 三（三） (规范 第十三条（四）)")
