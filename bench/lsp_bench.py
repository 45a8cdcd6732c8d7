"""Drive `iamlint server` over stdio like an editor and measure it (one command, prints a table):

    python3 bench/lsp_bench.py [--corpus ../shared/corpus/aws-managed] [--rounds 60]

- lint of a ~10 KB policy inside the server: didChange + textDocument/diagnostic round trip (pull);
- edit to diagnostics: didChange -> publishDiagnostics of that version (push, debounce included);
- hover (action, wildcard, condition key) and completion (actions of s3 and ec2, condition keys);
- the server's resident memory (VmRSS) before and after opening every corpus policy as a document.
Targets (issue 4): lint <= 50 ms, edit->diagnostics p95 <= 150 ms, hover/completion p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import select
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "aws-managed"


class Client:
    def __init__(self, pull: bool):
        self.proc = subprocess.Popen([sys.executable, "-m", "iamlint.cli", "server"], cwd="/",
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.buffer = b""
        self.next_id = 0
        self.pending = []
        caps = {"textDocument": {"publishDiagnostics": {"versionSupport": True},
                                 "hover": {"contentFormat": ["markdown"]}}}
        if pull:
            caps["textDocument"]["diagnostic"] = {}
        self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": caps})
        self.notify("initialized", {})

    def _send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        msg_id = self.next_id
        self._send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == msg_id and "method" not in m)

    def _read(self, deadline):
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the server did not answer")
            if select.select([self.proc.stdout], [], [], remaining)[0]:
                chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise EOFError("the server exited")
                self.buffer += chunk

    def wait(self, predicate, timeout=120.0):
        for i, m in enumerate(self.pending):
            if predicate(m):
                return self.pending.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            m = self._read(deadline)
            if "method" in m and "id" in m:
                self._send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if predicate(m):
                return m
            if m.get("method") != "textDocument/publishDiagnostics":
                continue
            self.pending.append(m)

    def published(self, uri, version=None):
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                         and (version is None or m["params"].get("version") == version))

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "json", "version": version, "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ten_kb_policy(corpus: pathlib.Path) -> str:
    files = sorted(corpus.glob("*.json"), key=lambda p: abs(p.stat().st_size - 10240))
    for path in files:
        text = path.read_text()
        if '"Statement"' in text:
            return text
    raise SystemExit(f"no policy in {corpus}")


def position(text, needle, delta):
    offset = text.index(needle) + delta
    line = text.count("\n", 0, offset)
    return {"line": line, "character": len(text[text.rfind("\n", 0, offset) + 1: offset].encode("utf-16-le")) // 2}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--rounds", type=int, default=60)
    args = ap.parse_args()
    corpus = pathlib.Path(args.corpus)
    rows = []

    # 1. lint of a 10 KB policy inside the server (pull round trip: didChange + diagnostic request)
    policy = ten_kb_policy(corpus)
    pull = Client(pull=True)
    uri = "file:///bench/ten-kb.json"
    pull.open(uri, policy)
    pull.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})  # warm the catalog
    times = []
    for version in range(2, args.rounds + 2):
        text = policy.replace('"Version"', '"Version"' + " " * (version % 7), 1)
        pull.change(uri, text, version)
        t = time.perf_counter()
        reply = pull.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        times.append((time.perf_counter() - t) * 1000)
        assert "result" in reply
    rows.append((f"lint {len(policy) / 1024:.1f} KB policy in the server (p50 / p95)", times, 50))
    pull.close()

    # 2. edit -> publishDiagnostics (push), 3. hover and completion
    push = Client(pull=False)
    push.open(uri, policy)
    push.published(uri, 1)
    latencies = []
    for version in range(2, args.rounds + 2):
        text = policy.replace('"Version"', '"Version"' + " " * (version % 7), 1)
        t = time.perf_counter()
        push.change(uri, text, version)
        push.published(uri, version)
        latencies.append((time.perf_counter() - t) * 1000)
        time.sleep(0.01)
    rows.append(("edit -> publishDiagnostics, debounce included (p50 / p95)", latencies, 150))

    doc = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["s3:GetObject", "ec2:Describe*", "s3:", "ec2:"], "Resource": "*",
        "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "aws:": "x"}}}]}, indent=2)
    huri = "file:///bench/hover.json"
    push.open(huri, doc)
    push.published(huri, 1)
    probes = {
        "hover on an action": ("textDocument/hover", position(doc, '"s3:GetObject"', 3)),
        "hover on a wildcard (ec2:Describe*)": ("textDocument/hover", position(doc, '"ec2:Describe*"', 3)),
        "hover on a condition key": ("textDocument/hover", position(doc, '"aws:SourceVpc"', 3)),
        "completion: s3 actions": ("textDocument/completion", position(doc, '"s3:"', 4)),
        "completion: ec2 actions (largest service)": ("textDocument/completion", position(doc, '"ec2:"', 5)),
        "completion: condition keys": ("textDocument/completion", position(doc, '"aws:"', 5)),
    }
    for label, (method, pos) in probes.items():
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            reply = push.request(method, {"textDocument": {"uri": huri}, "position": pos})
            times.append((time.perf_counter() - t) * 1000)
            assert reply.get("result"), (label, reply)
        rows.append((f"{label} (p50 / p95)", times, 30))
    push.close()

    # 4. memory after opening every corpus policy
    mem = Client(pull=False)
    time.sleep(0.2)
    before = mem.rss_mib()
    files = sorted(corpus.glob("*.json"))
    t = time.perf_counter()
    for path in files:  # one at a time: a client that never reads would deadlock on full pipes
        mem.open(path.resolve().as_uri(), path.read_text(encoding="utf-8", errors="replace"))
        mem.published(path.resolve().as_uri())
    elapsed = time.perf_counter() - t
    after = mem.rss_mib()
    mem.close()

    print(f"{'measure':62s} {'p50 ms':>9s} {'p95 ms':>9s} {'target':>8s}  ok")
    print("-" * 95)
    ok_all = True
    for label, values, target in rows:
        p50, p95 = statistics.median(values), pct(values, 95)
        ok = p95 <= target
        ok_all &= ok
        print(f"{label:62s} {p50:9.2f} {p95:9.2f} {'<=' + str(target):>8s}  {'yes' if ok else 'NO'}")
    print("-" * 95)
    print(f"memory: {before:.0f} MiB at start, {after:.0f} MiB after opening {len(files)} policies "
          f"({elapsed:.1f} s to open and publish them all)")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
