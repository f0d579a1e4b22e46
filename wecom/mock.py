"""A local stand-in for 粤政易 (WeChat Work): the same addresses, parameters and answers as
the real server, for the tests and the demo (nothing real is reachable from these machines).

    python -m wecom.mock --port 9100            # beside `make run WECOM_MOCK=1`

It serves:

- ``GET  /cgi-bin/gettoken?corpid&corpsecret`` (40013 wrong corp, 40001 wrong secret);
- ``GET  /cgi-bin/auth/getuserinfo?access_token&code`` (40014/42001 token, 40029 code);
- ``POST /cgi-bin/message/send?access_token`` (text cards; more than 30 a minute to one
  person are dropped, as the real platform drops them, and kept in `dropped`);
- ``GET  /connect/oauth2/authorize`` and ``GET /wwlogin/sso/login``: instead of the app's
  silent sign-in or its QR code, a page to choose who is signed in to 粤政易 (a member of the
  directory, or someone outside the corporation), which returns to ``redirect_uri`` with
  ``code`` and ``state``;
- ``GET  /mock/messages`` (what was delivered, as JSON) and ``POST /mock/reset``.

Standard library only, so it runs without Django. Tests start it in-process on a free port
(`MockWeCom().start()`) and read `messages` directly.
"""

from __future__ import annotations

import argparse
import html
import json
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

CORP_ID = "wwmockcorp0000000001"
SECRET = "mock-secret-not-real"
AGENT_ID = "1000002"
# The demo's logins (demo/) are 粤政易 members under the same ids.
DIRECTORY = {
    "city": "市政协办公厅", "yuexiu": "越秀区政协", "tianhe": "天河区政协",
    "beijing_lead": "北京街道负责人", "beijing_clerk": "北京街工作室", "economy": "经济委员会",
    "member": "陈明远", "useradmin": "系统管理员", "auditor": "安全审计员",
}
CODE_SECONDS = 300
TOKEN_SECONDS = 7200
PER_USER_PER_MINUTE = 30
BODY_MAX_BYTES = 64 * 1024


@dataclass
class MockWeCom:
    corp_id: str = CORP_ID
    secret: str = SECRET
    agent_id: str = AGENT_ID
    users: dict[str, str] = field(default_factory=lambda: dict(DIRECTORY))
    clock: object = time.time
    messages: list[dict] = field(default_factory=list)  # delivered, in order
    dropped: list[dict] = field(default_factory=list)  # over the per-person limit
    calls: list[str] = field(default_factory=list)  # the paths called, in order
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expires at
    codes: dict[str, tuple] = field(default_factory=dict)  # code -> (userid, openid, at)
    # The next answers of message/send, as errcodes (tests: a busy or refusing platform).
    send_errors: deque = field(default_factory=deque)
    _recent: dict = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ run it

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve in a thread; returns the base URL (http://host:port)."""
        self.server = ThreadingHTTPServer((host, port), _handler_for(self))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.messages.clear()
            self.dropped.clear()
            self.calls.clear()
            self.tokens.clear()
            self.codes.clear()
            self.send_errors.clear()
            self._recent.clear()

    def expire_tokens(self) -> None:
        with self._lock:
            self.tokens.clear()

    def code_for(self, userid: str = "", *, openid: str = "") -> str:
        """A code as the sign-in page gives it: for a directory member, or an outsider."""
        code = secrets.token_urlsafe(24)
        with self._lock:
            self.codes[code] = (userid, openid, self.clock())
        return code

    def messages_to(self, userid: str) -> list[dict]:
        return [m for m in self.messages if userid in m["touser"].split("|")]

    # ------------------------------------------------------------------ the API

    def gettoken(self, query: dict) -> dict:
        if query.get("corpid") != self.corp_id:
            return _error(40013, "invalid corpid")
        if query.get("corpsecret") != self.secret:
            return _error(40001, "invalid credential")
        token = secrets.token_urlsafe(32)
        with self._lock:
            self.tokens[token] = self.clock() + TOKEN_SECONDS
        return {"errcode": 0, "errmsg": "ok", "access_token": token,
                "expires_in": TOKEN_SECONDS}

    def _token_error(self, query: dict) -> dict | None:
        expires = self.tokens.get(query.get("access_token", ""))
        if expires is None:
            return _error(40014, "invalid access_token")
        if expires <= self.clock():
            return _error(42001, "access_token expired")
        return None

    def getuserinfo(self, query: dict) -> dict:
        if (error := self._token_error(query)) is not None:
            return error
        with self._lock:
            found = self.codes.pop(query.get("code", ""), None)  # once only
        if found is None or found[2] + CODE_SECONDS <= self.clock():
            return _error(40029, "invalid code")
        userid, openid, _at = found
        if userid:
            return {"errcode": 0, "errmsg": "ok", "userid": userid,
                    "user_ticket": secrets.token_urlsafe(16), "expires_in": 1800}
        return {"errcode": 0, "errmsg": "ok", "openid": openid or "o" + secrets.token_hex(8)}

    def send(self, query: dict, body: dict) -> dict:
        if (error := self._token_error(query)) is not None:
            return error
        if self.send_errors:
            return _error(self.send_errors.popleft(), "mock error")
        if str(body.get("agentid")) != self.agent_id:
            return _error(40056, "invalid agentid")
        card = body.get("textcard")
        if body.get("msgtype") != "textcard" or not isinstance(card, dict):
            return _error(40008, "invalid message type")
        for key, limit in (("title", 128), ("description", 512), ("url", 2048)):
            value = card.get(key)
            if not isinstance(value, str) or not value or len(value.encode()) > limit:
                return _error(44004 if key != "url" else 40058, f"invalid textcard.{key}")
        touser = [u for u in str(body.get("touser", "")).split("|") if u]
        invalid = [u for u in touser if u not in self.users]
        valid = [u for u in touser if u in self.users]
        if not valid:
            return _error(81013, "user & party & tag all invalid")
        now = self.clock()
        with self._lock:
            delivered = []
            for userid in valid:
                recent = self._recent[userid]
                while recent and recent[0] <= now - 60:
                    recent.popleft()
                record = {"touser": userid, "agentid": body.get("agentid"), **card, "at": now}
                if len(recent) >= PER_USER_PER_MINUTE:
                    self.dropped.append(record)  # the real platform drops them silently
                    continue
                recent.append(now)
                delivered.append(record)
            self.messages.extend(delivered)
        return {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(invalid),
                "invalidparty": "", "invalidtag": "", "unlicenseduser": "",
                "msgid": secrets.token_urlsafe(12), "response_code": ""}

    # ------------------------------------------------------------------ the sign-in page

    def sign_in_page(self, path: str, query: dict) -> tuple[int, str]:
        if query.get("appid") != self.corp_id:
            return 400, _page("参数错误", "<p>appid 不是本企业的企业ID。</p>")
        redirect_uri = query.get("redirect_uri", "")
        if urlsplit(redirect_uri).scheme not in {"http", "https"}:
            return 400, _page("参数错误", "<p>redirect_uri 须为 http(s) 地址。</p>")
        state = query.get("state", "")
        rows = []
        for userid, name in self.users.items():
            link = _approve_link(path, redirect_uri, state, userid=userid)
            rows.append(f'<li><a class="as" data-userid="{html.escape(userid)}" '
                        f'href="{html.escape(link)}">{html.escape(name)}（{html.escape(userid)}）'
                        "</a></li>")
        outsider = _approve_link(path, redirect_uri, state, outsider="1")
        body = (
            "<p>本页模拟粤政易的授权登录：真实环境中由粤政易客户端自动完成，或扫码确认。</p>"
            f"<p>请选择以哪个粤政易账号登录：</p><ul>{''.join(rows)}</ul>"
            f'<p><a class="outsider" href="{html.escape(outsider)}">本企业以外的微信用户</a></p>'
        )
        return 200, _page("粤政易（本地模拟）授权登录", body)

    def approve(self, query: dict) -> str:
        """The page's choice: a code for that person, back to the product."""
        userid = query.get("userid", "")
        if userid and userid not in self.users:
            userid = ""
        code = self.code_for(userid) if userid else self.code_for(openid="o" + secrets.token_hex(8))
        parts = urlsplit(query.get("redirect_uri", ""))
        extra = urlencode({"code": code, "state": query.get("state", "")})
        return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


def _approve_link(path: str, redirect_uri: str, state: str, **extra) -> str:
    return f"{path.rstrip('/')}/approve?" + urlencode(
        {"redirect_uri": redirect_uri, "state": state, **extra})


def _error(code: int, text: str) -> dict:
    return {"errcode": code, "errmsg": text}


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{body}</body></html>")


SIGN_IN_PATHS = ("/connect/oauth2/authorize", "/wwlogin/sso/login")


def _handler_for(mock: MockWeCom):
    class Handler(BaseHTTPRequestHandler):
        server_version = "MockWeCom/1"

        def log_message(self, *args):  # quiet: the tests read `calls`
            pass

        def _query(self) -> dict:
            return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

        def _json(self, answer: dict, status: int = 200) -> None:
            data = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _html(self, status: int, text: str) -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - http.server's name
            path, query = urlsplit(self.path).path, self._query()
            mock.calls.append(path)
            if path == "/cgi-bin/gettoken":
                return self._json(mock.gettoken(query))
            if path == "/cgi-bin/auth/getuserinfo":
                return self._json(mock.getuserinfo(query))
            if path == "/mock/messages":
                return self._json({"messages": mock.messages, "dropped": mock.dropped})
            if path in SIGN_IN_PATHS:
                return self._html(*mock.sign_in_page(path, query))
            if path.endswith("/approve") and path.rsplit("/", 1)[0] in SIGN_IN_PATHS:
                self.send_response(302)
                self.send_header("Location", mock.approve(query))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._json(_error(404, "not found"), 404)

        def do_POST(self):  # noqa: N802
            path, query = urlsplit(self.path).path, self._query()
            mock.calls.append(path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(min(length, BODY_MAX_BYTES))
            if path == "/mock/reset":
                mock.reset()
                return self._json({"errcode": 0, "errmsg": "ok"})
            if path != "/cgi-bin/message/send":
                return self._json(_error(404, "not found"), 404)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return self._json(_error(47001, "data format error"))
            if not isinstance(body, dict):
                return self._json(_error(47001, "data format error"))
            return self._json(mock.send(query, body))

    return Handler


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="粤政易（企业微信）本地模拟服务")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--corp-id", default=CORP_ID)
    parser.add_argument("--secret", default=SECRET)
    parser.add_argument("--agent-id", default=AGENT_ID)
    args = parser.parse_args(argv)
    mock = MockWeCom(corp_id=args.corp_id, secret=args.secret, agent_id=args.agent_id)
    mock.server = ThreadingHTTPServer((args.host, args.port), _handler_for(mock))
    print(f"粤政易模拟服务：{mock.url}（企业ID {mock.corp_id}，应用 {mock.agent_id}）", flush=True)
    try:
        mock.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        mock.server.server_close()


if __name__ == "__main__":
    main()
