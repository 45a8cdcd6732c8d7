"""End-to-end tests of `iamlint server` with pytest-lsp (a real client over stdio)."""

import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Caf\u00e9\U0001F600",
      "Effect": "Allow",
      "Action": ["s3:GetObjekt", "s3:Get*"],
      "Resource": "*"
    }
  ]
}
"""


def _params(encodings, pull):
    caps = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings),
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(),
        ),
    )
    return types.InitializeParams(capabilities=caps)


def make_client(encodings, pull):
    @pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "iamlint.cli", "server"]))
    async def client(lsp_client: LanguageClient):
        await lsp_client.initialize_session(_params(encodings, pull))
        yield
        await lsp_client.shutdown_session()

    return client


push_client = make_client([types.PositionEncodingKind.Utf16], pull=False)
pull_client = make_client([types.PositionEncodingKind.Utf8], pull=True)


def _open(client, uri, text=POLICY, version=1):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="json", version=version, text=text)))


@pytest.mark.asyncio
async def test_push_diagnostics_utf16(push_client):
    uri = "file:///tmp/policy.json"
    _open(push_client, uri)
    await push_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diags = push_client.diagnostics[uri]
    bad = [d for d in diags if d.code == "IAM201"]
    assert len(bad) == 1
    assert bad[0].source == "iamlint"
    assert bad[0].range.start == types.Position(line=6, character=17)
    assert bad[0].range.end == types.Position(line=6, character=31)
    assert "INVALID_ACTION" in bad[0].message


@pytest.mark.asyncio
async def test_pull_diagnostics_utf8_and_non_ascii(pull_client):
    uri = "file:///tmp/emoji.json"
    text = POLICY.replace('"s3:GetObjekt"', '"s3:GetObjekt", "\u00e9\u00e9:X"')
    _open(pull_client, uri, text)
    report = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    by_code = {d.code: d for d in report.items}
    # "éé:X" follows ASCII only on its line, but the service finding's end counts UTF-8 bytes.
    d = by_code["IAM202"]
    line = text.splitlines()[d.range.start.line]
    start_chars = line.index('"\u00e9\u00e9') + 1
    assert d.range.start.character == len(line[:start_chars].encode("utf-8"))
    assert d.range.end.character == d.range.start.character + len("\u00e9\u00e9".encode("utf-8"))


@pytest.mark.asyncio
async def test_hover_action_and_wildcard(push_client):
    uri = "file:///tmp/hover.json"
    _open(push_client, uri)
    await push_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    line = POLICY.splitlines()[6]
    col = line.index("s3:Get*")
    result = await push_client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=6, character=col + 2)))
    assert "matches" in result.contents.value and "Read" in result.contents.value


@pytest.mark.asyncio
async def test_symbols_and_quick_fix(push_client):
    uri = "file:///tmp/fix.json"
    _open(push_client, uri)
    await push_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    symbols = await push_client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [s.name for s in symbols] == ["Caf\u00e9\U0001F600"]
    actions = await push_client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=6, character=18), end=types.Position(line=6, character=18)),
        context=types.CodeActionContext(diagnostics=[])))
    titles = [a.title for a in actions]
    assert any("s3:GetObject" in t for t in titles)
    edit = actions[0].edit.changes[uri][0]
    assert edit.new_text == '"s3:GetObject"'


@pytest.mark.asyncio
async def test_non_policy_and_garbage_documents(push_client):
    _open(push_client, "file:///tmp/package.json", '{"name": "x", "version": "1.0.0"}')
    await push_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(push_client.diagnostics["file:///tmp/package.json"]) == []
    _open(push_client, "file:///tmp/bad.json", '{"Statement": [\x00\x01 ')
    await push_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in push_client.diagnostics["file:///tmp/bad.json"]] == ["IAM001"]
