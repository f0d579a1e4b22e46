"""A local stand-in for the province's unified identity (统一身份认证): a small OpenID Connect
provider for the tests and the demo, which the platform speaks to exactly as to the real one.

    python -m accounts.mock_oidc --port 9200

It serves /.well-known/openid-configuration, /authorize (a Chinese page on which to pick a
test identity), /token (the authorization code, the client's secret, PKCE S256), /jwks (the
public half of an RSA key made at start) and /userinfo. ID tokens are RS256 with the nonce,
the audience, an expiry of five minutes and an assurance level (acr). Anyone may pick any
identity: never run it where the real provider is meant. Standard library and PyJWT only.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

DEFAULT_CLIENT_ID = "gzzx-wyjsq"
DEFAULT_CLIENT_SECRET = "mock-oidc-secret-not-for-production"
CODE_SECONDS = 60
TOKEN_SECONDS = 300
# Test identities: subject, name, and what they stand for in the demo.
IDENTITIES = [
    ("gd-4401-0001", "陈明远", "政协委员（演示账号 member）"),
    ("gd-4401-0002", "市政协办公厅", "市政协办公厅（演示账号 city）"),
    ("gd-4401-0003", "越秀区政协", "区政协工作人员（演示账号 yuexiu）"),
    ("gd-4401-9999", "未绑定的群众", "未绑定本平台账号的统一身份"),
]
ACR_LEVELS = [("loa2", "账号密码认证（二级）"), ("loa3", "人脸识别认证（三级）")]
MAX_FORM_BYTES = 16 * 1024


@dataclass
class MockProvider:
    """The provider's state: its key, the codes and access tokens it issued. `override`
    changes the claims of the next ID tokens (the tests forge a wrong nonce or an expired
    token with it); `foreign_key` signs them with a key the JWKS does not publish."""

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    issuer: str = ""
    override: dict = field(default_factory=dict)
    foreign_key: bool = False
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = field(default_factory=lambda: secrets.token_hex(8))
    codes: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def configuration(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post",
                                                      "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": [level for level, _label in ACR_LEVELS],
        }

    def jwks(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def issue_code(self, params: dict, subject: str, acr: str) -> str:
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {**params, "sub": subject, "acr": acr,
                                "expires": time.time() + CODE_SECONDS}
        return code

    def exchange(self, form: dict, basic: tuple[str, str] | None) -> tuple[int, dict]:
        """The token endpoint: a code once, for the client that asked for it."""
        client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
        if not (secrets.compare_digest(client_id, self.client_id)
                and secrets.compare_digest(secret, self.client_secret)):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if (grant is None or grant["expires"] < time.time()
                or grant.get("redirect_uri") != form.get("redirect_uri")
                or grant.get("client_id") != client_id):
            return 400, {"error": "invalid_grant"}
        if grant.get("code_challenge"):
            verifier = form.get("code_verifier", "").encode()
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest())
            if challenge.rstrip(b"=").decode() != grant["code_challenge"]:
                return 400, {"error": "invalid_grant"}
        access_token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[access_token] = grant
        return 200, {"access_token": access_token, "token_type": "Bearer",
                     "expires_in": TOKEN_SECONDS, "id_token": self.id_token(grant)}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "sub": grant["sub"], "aud": grant["client_id"],
            "iat": now, "exp": now + TOKEN_SECONDS, "auth_time": now, "acr": grant["acr"],
            "name": name_of(grant["sub"]),
        }
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        claims.update(self.override)
        key = self.key
        if self.foreign_key:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def userinfo(self, access_token: str) -> dict | None:
        grant = self.tokens.get(access_token)
        if grant is None:
            return None
        return {"sub": self.override.get("sub", grant["sub"]), "name": name_of(grant["sub"])}


def name_of(subject: str) -> str:
    return next((name for sub, name, _role in IDENTITIES if sub == subject), "测试身份")


class Handler(BaseHTTPRequestHandler):
    provider: MockProvider  # set on the class made for each server

    def log_message(self, format, *args):  # quiet: the tests run it in-process
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            return self.send_json(200, self.provider.configuration())
        if url.path == "/jwks":
            return self.send_json(200, self.provider.jwks())
        if url.path == "/authorize":
            return self.authorize_page(query)
        if url.path == "/userinfo":
            header = self.headers.get("Authorization", "")
            info = self.provider.userinfo(header.removeprefix("Bearer ").strip())
            if info is None:
                return self.send_json(401, {"error": "invalid_token"})
            return self.send_json(200, info)
        return self.send_json(404, {"error": "not_found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_FORM_BYTES:
            return self.send_json(413, {"error": "too_large"})
        body = self.rfile.read(length).decode("utf-8", "replace")
        form = {k: v[0] for k, v in parse_qs(body).items()}
        path = urlsplit(self.path).path
        if path == "/token":
            status, payload = self.provider.exchange(form, self.basic_auth())
            return self.send_json(status, payload)
        if path == "/authorize":
            return self.authorize_answer(form)
        return self.send_json(404, {"error": "not_found"})

    def basic_auth(self) -> tuple[str, str] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            client_id, _sep, secret = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return None
        return client_id, secret

    def authorize_page(self, query: dict):
        problem = self.request_problem(query)
        if problem:
            return self.send_page(400, f"<p>授权请求无效：{html.escape(problem)}</p>")
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        levels = "".join(f'<option value="{v}">{label}</option>' for v, label in ACR_LEVELS)
        choices = "".join(
            f'<li><button name="sub" value="{sub}">{html.escape(name)}</button> '
            f'<small>{html.escape(role)}（{sub}）</small></li>'
            for sub, name, role in IDENTITIES
        )
        body = (
            "<h1>统一身份认证（本地模拟平台）</h1>"
            "<p>这是测试和演示用的模拟认证平台：请选择一个测试身份登录。</p>"
            f'<form method="post" action="/authorize">{hidden}'
            f'<p><label>认证等级 <select name="acr">{levels}</select></label></p>'
            f"<ul>{choices}</ul>"
            '<p><label>其他统一身份标识 <input name="other_sub" maxlength="64"></label> '
            '<button name="sub" value="">以此标识登录</button></p>'
            '<p><button name="deny" value="1">取消登录</button></p></form>'
        )
        return self.send_page(200, body)

    def authorize_answer(self, form: dict):
        params = {k: form[k] for k in ("client_id", "redirect_uri", "state", "nonce",
                                       "scope", "response_type", "code_challenge",
                                       "code_challenge_method") if k in form}
        problem = self.request_problem(params)
        if problem:
            return self.send_page(400, f"<p>授权请求无效：{html.escape(problem)}</p>")
        redirect_uri = params["redirect_uri"]
        if form.get("deny"):
            answer = {"error": "access_denied", "state": params.get("state", "")}
        else:
            subject = (form.get("sub") or form.get("other_sub") or "").strip()[:64]
            if not subject:
                return self.send_page(400, "<p>请选择或填写一个统一身份标识。</p>")
            acr = form.get("acr") if form.get("acr") in dict(ACR_LEVELS) else "loa2"
            code = self.provider.issue_code(params, subject, acr)
            answer = {"code": code, "state": params.get("state", "")}
        separator = "&" if "?" in redirect_uri else "?"
        self.send_response(302)
        self.send_header("Location", f"{redirect_uri}{separator}{urlencode(answer)}")
        self.end_headers()

    def request_problem(self, params: dict) -> str:
        if params.get("client_id") != self.provider.client_id:
            return "未登记的应用（client_id）"
        if params.get("response_type") != "code":
            return "只支持授权码模式（response_type=code）"
        if "openid" not in params.get("scope", "").split():
            return "scope 须包含 openid"
        if urlsplit(params.get("redirect_uri", "")).scheme not in ("http", "https"):
            return "回调地址（redirect_uri）无效"
        if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
            return "PKCE 只支持 S256"
        return ""

    def send_json(self, status: int, payload: dict):
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def send_page(self, status: int, body: str):
        page = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>统一身份认证（模拟）</title></head><body>{body}</body></html>"
        )
        data = page.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@dataclass
class RunningProvider:
    provider: MockProvider
    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.provider.issuer

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve(*, host: str = "127.0.0.1", port: int = 0, **options) -> RunningProvider:
    """Starts the provider in a thread (port 0: any free port) and returns it running."""
    provider = MockProvider(**options)
    handler = type("BoundHandler", (Handler,), {"provider": provider})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    provider.issuer = provider.issuer or f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return RunningProvider(provider, server, thread)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="本地模拟的统一身份认证平台（OpenID Connect）")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    args = parser.parse_args(argv)
    running = serve(host=args.host, port=args.port, client_id=args.client_id,
                    client_secret=args.client_secret)
    print(f"模拟统一身份认证平台：{running.url}/.well-known/openid-configuration", flush=True)
    try:
        running.thread.join()
    except KeyboardInterrupt:
        running.stop()


if __name__ == "__main__":
    main()
