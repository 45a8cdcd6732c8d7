"""The server keeps answering whatever it is sent: a raw stdio JSON-RPC client (no LSP library in
between, so it can send what a library would refuse to)."""

import json
import os
import select
import subprocess
import sys
import time

import pytest

TIMEOUT = 30.0


class RawClient:
    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "iamlint.cli", "server"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.next_id = 0
        self.buffer = b""
        self.notifications = []

    # -- wire ----------------------------------------------------------------------------------
    def send_raw(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_raw(json.dumps(message).encode("utf-8"))

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params, timeout: float = TIMEOUT):
        self.next_id += 1
        msg_id = self.next_id
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == msg_id and "method" not in m, timeout)

    def _read_message(self, deadline: float):
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no message from the server")
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise EOFError("the server closed its output (exited?)")
                self.buffer += chunk

    def wait(self, predicate, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if "method" in message and "id" in message:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if predicate(message):
                return message
            if "method" in message:
                self.notifications.append(message)

    # -- LSP -----------------------------------------------------------------------------------
    def initialize(self, pull=False):
        caps = {"textDocument": {"publishDiagnostics": {}}}
        if pull:
            caps["textDocument"]["diagnostic"] = {}
        reply = self.request("initialize", {"processId": None, "rootUri": None, "capabilities": caps})
        self.notify("initialized", {})
        return reply

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "json", "version": version, "text": text}})

    def hover(self, uri, line=0, character=1):
        return self.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})

    def close(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        finally:
            for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                f.close()


POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObjekt", "s3:Get*"], "Resource": "*"}]}, indent=2)


@pytest.fixture
def client():
    c = RawClient()
    c.initialize()
    yield c
    c.close()


def _diagnostics_for(client, uri, version=None, timeout=TIMEOUT):
    def match(m):
        p = m.get("params") or {}
        return (m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri
                and (version is None or p.get("version") == version))

    for m in client.notifications:
        if match(m):
            client.notifications.remove(m)
            return m["params"]
    return client.wait(match, timeout)["params"]


def _alive(client):
    uri = "file:///robust/alive.json"
    client.open(uri, POLICY)
    reply = client.hover(uri, 7, 12)
    assert "result" in reply and "IAM201" in json.dumps(reply["result"])


def _no_popups(client):
    shown = [m for m in client.notifications if m.get("method") == "window/showMessage"]
    assert shown == [], shown


def test_malformed_messages(client):
    client.send_raw(b"{this is not json")
    client.send_raw(b'{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": 5}')
    client.send_raw(b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 3}}')
    client.send_raw(b'[1, 2, 3]')
    _alive(client)
    _no_popups(client)


def test_requests_with_bad_params_are_answered_with_an_error(client):
    """A client must never wait for an answer that does not come: params that do not fit the
    request's type get -32602, and the server goes on."""
    uri = "file:///robust/params.json"
    client.open(uri, POLICY)
    for params in ({"textDocument": {"uri": uri}}, "nope", {"textDocument": {"uri": uri}, "position": {"line": "x"}}):
        reply = client.request("textDocument/hover", params)
        assert reply["error"]["code"] == -32602, reply
    _alive(client)


def test_unknown_method(client):
    reply = client.request("iamlint/noSuchMethod", {})
    assert reply["error"]["code"] == -32601
    client.notify("$/noSuchNotification", {})
    _alive(client)


@pytest.mark.parametrize("text", ["not json at all", '{"Statement": [', "\x00\x01\x02", "", '{"Statement": "\ud800"}', "[" * 5000])
def test_documents_that_are_not_json(client, text):
    uri = "file:///robust/garbage.json"
    client.open(uri, text)
    _diagnostics_for(client, uri)
    for line, character in ((0, 0), (0, 3), (5, 5)):
        assert "result" in client.hover(uri, line, character)
        reply = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        assert "result" in reply
        assert "result" in client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    _alive(client)
    _no_popups(client)


def test_five_megabyte_document(client):
    statement = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bucket/*"}
    big = json.dumps({"Version": "2012-10-17", "Statement": [dict(statement, Sid=f"S{i}") for i in range(44000)]})
    assert len(big) > 5_000_000
    uri = "file:///robust/big.json"
    client.open(uri, big)
    started = time.monotonic()
    _alive(client)  # answered while the big document is being linted
    assert "result" in client.hover(uri, 0, len(big) // 2)
    assert time.monotonic() - started < 10
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    _alive(client)


def test_thousand_rapid_edits(client):
    uri = "file:///robust/edits.json"
    client.open(uri, POLICY)
    _diagnostics_for(client, uri, version=1)
    text = POLICY
    for version in range(2, 1002):
        # Insert one character into the Sid, incrementally.
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": 4, "character": 15}, "end": {"line": 4, "character": 15}}, "text": "x"}],
        })
    params = _diagnostics_for(client, uri, version=1001)
    assert any(d["code"] == "IAM201" for d in params["diagnostics"])
    published = [m for m in client.notifications if m.get("method") == "textDocument/publishDiagnostics"]
    assert len(published) < 100  # debounced, not one lint per keystroke
    _alive(client)


def test_handler_exception_is_logged_not_shown(client):
    # A notification whose handler fails (a change to a document never opened, with a range beyond it).
    for _ in range(20):
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": "file:///robust/never-opened.json", "version": 3},
            "contentChanges": [{"range": {"start": {"line": 99, "character": 0}, "end": {"line": 99, "character": 5}}, "text": "x"}],
        })
    client.notify("workspace/didChangeConfiguration", {"settings": {"iamlint": {"debounceMs": "soon"}}})
    _alive(client)
    shown = [m for m in client.notifications if m.get("method") == "window/showMessage"]
    assert len(shown) <= 1 and all("debounceMs" in m["params"]["message"] for m in shown)


def test_pull_client_is_never_pushed():
    c = RawClient()
    try:
        c.initialize(pull=True)
        uri = "file:///robust/pull.json"
        c.open(uri, POLICY)
        reply = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        assert any(d["code"] == "IAM201" for d in reply["result"]["items"])
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                            "contentChanges": [{"text": POLICY.replace("Objekt", "Object")}]})
        time.sleep(0.3)
        c.hover(uri)
        assert not [m for m in c.notifications if m.get("method") == "textDocument/publishDiagnostics"]
    finally:
        c.close()


def test_incremental_change_after_a_line_separator_character(client):
    # pygls split lines with str.splitlines (also at \u2028, \x0c, \x85, ...), LSP does not: a
    # change after such a character landed one line too high.
    uri = "file:///robust/sep.tf"
    text = '# a\u2028b\ndata "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n'
    client.open(uri, text)
    _diagnostics_for(client, uri, version=1)
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 3, "character": 21}, "end": {"line": 3, "character": 30}}, "text": "GetObjet"}]})
    params = _diagnostics_for(client, uri, version=2)
    assert [(d["code"], d["range"]["start"]) for d in params["diagnostics"] if d["code"] in ("IAM001", "IAM201")] == \
        [("IAM201", {"line": 3, "character": 17})]


def test_bom_with_utf8_positions():
    # A BOM is 3 UTF-8 bytes in the client's text: ranges on the first line count them.
    c = RawClient()
    try:
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {
            "general": {"positionEncodings": ["utf-8"]}, "textDocument": {"publishDiagnostics": {}}}})
        c.notify("initialized", {})
        uri = "file:///robust/bom.json"
        text = '\ufeff{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet", "Resource": "*"}]}'
        c.open(uri, text)
        params = _diagnostics_for(c, uri, version=1)
        (d,) = [d for d in params["diagnostics"] if d["code"] == "IAM201"]
        start = text.index('"s3:GetObjet"')
        assert d["range"]["start"] == {"line": 0, "character": len(text[:start].encode("utf-8"))}
    finally:
        c.close()
