"""End-to-end tests of `iamlint server` with pytest-lsp (a real client over stdio)."""

import asyncio
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


def _params(encodings, pull, init=None, configuration=False):
    caps = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings),
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            completion=types.CompletionClientCapabilities(completion_item=types.ClientCompletionItemOptions(
                documentation_format=[types.MarkupKind.Markdown], snippet_support=True)),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        ),
        workspace=types.WorkspaceClientCapabilities(configuration=configuration),
    )
    return types.InitializeParams(capabilities=caps, initialization_options=init)


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "iamlint.cli", "server"])


def make_client(encodings, pull, init=None, settings=None):
    @pytest_lsp.fixture(config=SERVER)
    async def client(lsp_client: LanguageClient):
        if settings is not None:
            lsp_client.set_configuration(settings, section="iamlint")
        await lsp_client.initialize_session(_params(encodings, pull, init, configuration=settings is not None))
        yield
        await lsp_client.shutdown_session()

    return client


push_client = make_client([types.PositionEncodingKind.Utf16], pull=False)
pull_client = make_client([types.PositionEncodingKind.Utf8], pull=True)
utf32_client = make_client([types.PositionEncodingKind.Utf32], pull=True)
default_client = make_client(None, pull=False)  # no encodings offered: UTF-16
init_client = make_client(None, pull=False, init={"iamlint": {"ignore": ["IAM201"], "debounceMs": 5}})
bad_settings_client = make_client(None, pull=False, init={"iamlint": {"ignore": "IAM201", "debounceMs": -3, "colour": "red", "select": ["IAM2"]}})
unsafe_client = make_client(None, pull=False, init={"iamlint": {"unsafeFixes": True}})
configured_client = make_client(None, pull=False, init={"ignore": ["IAM201"]}, settings={"select": ["IAM202"]})


async def _published(client, timeout=10):
    """The next publishDiagnostics (a test fails rather than hangs when it never comes)."""
    return await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout)


async def _until(predicate, timeout=10.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


def _open(client, uri, text=POLICY, version=1):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="json", version=version, text=text)))


@pytest.mark.asyncio
async def test_push_diagnostics_utf16(push_client):
    uri = "file:///iamlint-test/policy.json"
    _open(push_client, uri)
    await _published(push_client)
    diags = push_client.diagnostics[uri]
    bad = [d for d in diags if d.code == "IAM201"]
    assert len(bad) == 1
    assert bad[0].source == "iamlint"
    assert bad[0].range.start == types.Position(line=6, character=17)
    assert bad[0].range.end == types.Position(line=6, character=31)
    assert "INVALID_ACTION" in bad[0].message


@pytest.mark.asyncio
async def test_pull_diagnostics_utf8_and_non_ascii(pull_client):
    uri = "file:///iamlint-test/emoji.json"
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
    uri = "file:///iamlint-test/hover.json"
    _open(push_client, uri)
    await _published(push_client)
    line = POLICY.splitlines()[6]
    col = line.index("s3:Get*")
    result = await push_client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=6, character=col + 2)))
    assert "matches" in result.contents.value and "Read" in result.contents.value


@pytest.mark.asyncio
async def test_symbols_and_quick_fix(push_client):
    uri = "file:///iamlint-test/fix.json"
    _open(push_client, uri)
    await _published(push_client)
    symbols = await push_client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [s.name for s in symbols] == ["Caf\u00e9\U0001F600"]
    actions = await push_client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=6, character=18), end=types.Position(line=6, character=18)),
        context=types.CodeActionContext(diagnostics=[])))
    titles = [a.title for a in actions]
    assert any("s3:GetObject" in t for t in titles)
    action = next(a for a in actions if "s3:GetObject" in a.title and "IAM201" in a.title)
    edit = action.edit.changes[uri][0]
    assert edit.new_text == '"s3:GetObject"'
    assert not action.is_preferred  # a did-you-mean is offered, as an unsafe fix


def _apply_utf16(text, edits):
    """Apply LSP text edits (UTF-16 positions) to `text`."""
    def offset(pos):
        lines = text.split("\n")
        before = sum(len(line) + 1 for line in lines[:pos.line])
        units, i, line = 0, 0, lines[pos.line]
        while units < pos.character and i < len(line):
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return before + i
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


async def _fix_all(client, uri, text):
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    assert len(actions) == 1, [a.title for a in actions]
    return actions[0].title, _apply_utf16(text, actions[0].edit.changes[uri])


def _cli_fix(text, *extra):
    from cli_util import invoke

    return invoke("check", "--fix", "--isolated", *extra, "-", "--stdin-filename", "p.json", input=text).stdout


@pytest.mark.asyncio
async def test_fix_all_applies_unsafe_fixes_only_when_the_settings_say_so(push_client, unsafe_client):
    """Fix-all gives the text `iamlint check --fix` gives (every pass); the Sid fix (IAM113) is
    unsafe: it is left alone unless unsafeFixes is on."""
    uri = "file:///iamlint-test/fix-all.json"
    text = POLICY.replace('["s3:GetObjekt", "s3:Get*"]', '["s3:GetObjekt", "s3:Get*", "s3:*"]')
    for client in (push_client, unsafe_client):
        _open(client, uri, text)
        await _published(client)
    title, fixed = await _fix_all(push_client, uri, text)
    assert title == "iamlint: fix all safe problems" and fixed == _cli_fix(text)
    assert '"Action": ["s3:*"]' in fixed  # two passes: s3:Get* goes once s3:GetObjekt has gone
    title, fixed = await _fix_all(unsafe_client, uri, text)
    assert title == "iamlint: fix all problems" and fixed == _cli_fix(text, "--unsafe-fixes")
    assert '"Sid": "Caf"' in fixed


CFN_YAML = """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObjekt
            Resource: !Sub 'arn:aws:s3:::${Bucket}/*'
"""

TF = """data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["sqs:SendMesage"]
    resources = ["*"]
  }
}
"""


@pytest.mark.asyncio
async def test_cloudformation_and_terraform_documents(push_client):
    """The editor lints what `iamlint check` lints, at the token in the original file."""
    for uri, text, line, col in (("file:///iamlint-test/stack.yaml", CFN_YAML, 9, 20),
                                 ("file:///iamlint-test/main.tf", TF, 2, 17)):
        _open(push_client, uri, text)
        await _published(push_client)
        bad = [d for d in push_client.diagnostics[uri] if d.code == "IAM201"]
        assert len(bad) == 1, push_client.diagnostics[uri]
        assert (bad[0].range.start.line, bad[0].range.start.character) == (line, col)


TF_VARIABLE = TF.replace('"sqs:SendMesage"', '"s3:GetObject"').replace('["*"]', '["arn:aws:s3:::b/$${ aws:username }/*"]')


@pytest.mark.asyncio
async def test_quick_fixes_in_templates_are_written_in_their_syntax(push_client):
    """A fix in a template is an edit of the template: YAML keeps its plain scalar, Terraform its
    escaped policy variable ($${...}: Terraform would interpolate ${...})."""
    cases = (("file:///iamlint-test/fix-stack.yaml", CFN_YAML, 9, 20, "IAM201", "s3:GetObject"),
             ("file:///iamlint-test/fix-main.tf", TF_VARIABLE, 3, 34, "IAM132", "$${aws:username}"))
    for uri, text, line, col, code, new_text in cases:
        _open(push_client, uri, text)
        await _published(push_client)
        at = types.Position(line=line, character=col)
        actions = await push_client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[])))
        fixes = [a for a in actions if code in a.title]
        assert len(fixes) == 1, [a.title for a in actions]
        assert [e.new_text for e in fixes[0].edit.changes[uri]] == [new_text]


@pytest.mark.asyncio
async def test_non_policy_and_garbage_documents(push_client):
    _open(push_client, "file:///iamlint-test/package.json", '{"name": "x", "version": "1.0.0"}')
    await _published(push_client)
    assert list(push_client.diagnostics["file:///iamlint-test/package.json"]) == []
    _open(push_client, "file:///iamlint-test/bad.json", '{"Statement": [\x00\x01 ')
    await _published(push_client)
    assert [d.code for d in push_client.diagnostics["file:///iamlint-test/bad.json"]] == ["IAM001"]


# -- helpers ------------------------------------------------------------------------------------
def _doc(uri):
    return types.TextDocumentIdentifier(uri=uri)


def _pos_of(text, needle, delta=0, encoding="utf-16"):
    """LSP position of `needle` (+delta characters) in `text`, counted in `encoding` units."""
    offset = text.index(needle) + delta
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    prefix = text[start:offset]
    if encoding == "utf-32":
        units = len(prefix)
    else:
        units = len(prefix.encode(encoding + ("-le" if encoding == "utf-16" else ""))) // (2 if encoding == "utf-16" else 1)
    return types.Position(line=line, character=units)


async def _pull(client, uri):
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=_doc(uri)))
    return report.items


async def _complete(client, uri, text, needle, delta=None):
    """Completion with the cursor right after `needle` (or `delta` characters into it)."""
    pos = _pos_of(text, needle, len(needle) if delta is None else delta)
    result = await client.text_document_completion_async(types.CompletionParams(text_document=_doc(uri), position=pos))
    items = result.items if isinstance(result, types.CompletionList) else result
    return {i.label: i for i in items}


async def _hover(client, uri, text, needle, delta=1, encoding="utf-16"):
    position = _pos_of(text, needle, delta, encoding)
    result = await client.text_document_hover_async(types.HoverParams(text_document=_doc(uri), position=position))
    return result.contents.value if result else ""


# -- diagnostics: encodings, push/pull, lifecycle ------------------------------------------------
EMOJI_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "\U0001F600\u00e9\u4e2d", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}
  ]
}
"""


async def _check_encoding(client, encoding, push):
    uri = f"file:///iamlint-test/enc-{encoding}.json"
    _open(client, uri, EMOJI_POLICY)
    if push:
        await _published(client)
        diags = client.diagnostics[uri]
    else:
        diags = await _pull(client, uri)
    d = next(d for d in diags if d.code == "IAM201")
    assert d.range.start == _pos_of(EMOJI_POLICY, '"s3:GetObjekt"', 0, encoding)
    assert d.range.end == _pos_of(EMOJI_POLICY, '"s3:GetObjekt"', len('"s3:GetObjekt"'), encoding)
    # The same action, hovered through the same encoding, is found.
    hover = await _hover(client, uri, EMOJI_POLICY, '"s3:GetObjekt"', 3, encoding)
    assert "IAM201" in hover


@pytest.mark.asyncio
async def test_non_ascii_utf16(push_client):
    await _check_encoding(push_client, "utf-16", push=True)


@pytest.mark.asyncio
async def test_non_ascii_utf16_by_default(default_client):
    await _check_encoding(default_client, "utf-16", push=True)


@pytest.mark.asyncio
async def test_non_ascii_utf8(pull_client):
    await _check_encoding(pull_client, "utf-8", push=False)


@pytest.mark.asyncio
async def test_non_ascii_utf32(utf32_client):
    await _check_encoding(utf32_client, "utf-32", push=False)


@pytest.mark.asyncio
async def test_diagnostic_fields(push_client):
    uri = "file:///iamlint-test/fields.json"
    _open(push_client, uri)
    await _published(push_client)
    d = next(d for d in push_client.diagnostics[uri] if d.code == "IAM201")
    assert d.source == "iamlint"
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.code_description.href.endswith("#iam201")
    assert d.data["accessAnalyzer"] == "INVALID_ACTION" and "[INVALID_ACTION]" in d.message
    assert d.data["name"] == "unknown-action"


@pytest.mark.asyncio
async def test_pull_client_gets_no_push_and_unchanged_reports(pull_client):
    uri = "file:///iamlint-test/pull-only.json"
    _open(pull_client, uri)
    first = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=_doc(uri)))
    assert any(d.code == "IAM201" for d in first.items)
    again = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=_doc(uri), previous_result_id=first.result_id))
    assert again.kind == "unchanged"
    pull_client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=POLICY.replace("GetObjekt", "GetObject"))]))
    pull_client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=_doc(uri)))
    later = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=_doc(uri), previous_result_id=first.result_id))
    assert later.kind == "full" and not any(d.code == "IAM201" for d in later.items)
    await asyncio.sleep(0.3)  # longer than any debounce
    assert uri not in pull_client.diagnostics  # never pushed to a client that pulls


@pytest.mark.asyncio
async def test_change_is_debounced_and_close_clears(push_client):
    uri = "file:///iamlint-test/change.json"
    _open(push_client, uri)
    await _published(push_client)
    for version in range(2, 12):
        push_client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=POLICY.replace("GetObjekt", "GetObject"))]))
    params = await _published(push_client)
    assert params.version == 11  # one publication for the burst, for the last version
    assert not any(d.code == "IAM201" for d in params.diagnostics)
    push_client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=_doc(uri)))
    params = await _published(push_client)
    assert params.uri == uri and list(params.diagnostics) == []


# -- settings --------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_initialization_options(init_client):
    uri = "file:///iamlint-test/init.json"
    _open(init_client, uri)
    await _published(init_client)
    assert not any(d.code == "IAM201" for d in init_client.diagnostics[uri])


@pytest.mark.asyncio
async def test_bad_settings_are_reported_not_fatal(bad_settings_client):
    uri = "file:///iamlint-test/bad-settings.json"
    _open(bad_settings_client, uri)
    await _published(bad_settings_client)
    codes = {d.code for d in bad_settings_client.diagnostics[uri]}
    assert codes and all(c.startswith("IAM2") for c in codes)  # the good part (select) applies
    text = " ".join(m.message for m in bad_settings_client.messages)
    assert "ignore" in text and "debounceMs" in text and "colour" in text


@pytest.mark.asyncio
async def test_workspace_configuration_and_change(configured_client):
    uri = "file:///iamlint-test/configured.json"
    text = POLICY.replace('"s3:GetObjekt"', '"s3:GetObjekt", "s4:GetObject"')
    _open(configured_client, uri, text)
    await _until(lambda: {d.code for d in configured_client.diagnostics.get(uri, ())} == {"IAM202"})
    configured_client.set_configuration({"select": ["IAM201"], "ignore": []}, section="iamlint")
    configured_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await _until(lambda: {d.code for d in configured_client.diagnostics.get(uri, ())} == {"IAM201"})


@pytest.mark.asyncio
async def test_project_config_file_is_layered(push_client, tmp_path):
    (tmp_path / ".iamlint.toml").write_text('ignore = ["IAM201"]\n')
    sub = tmp_path / "policies"
    sub.mkdir()
    uri = (sub / "p.json").as_uri()
    _open(push_client, uri)
    await _published(push_client)
    assert not any(d.code == "IAM201" for d in push_client.diagnostics[uri])
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / ".iamlint.toml").write_text('colour = "red"\n')
    uri2 = (tmp_path / "broken" / "p.json").as_uri()
    _open(push_client, uri2)
    await _published(push_client)
    assert any(d.code == "IAM201" for d in push_client.diagnostics[uri2])  # defaults apply
    assert any("colour" in m.message for m in push_client.messages)


@pytest.mark.asyncio
async def test_config_file_changes_reach_open_documents(push_client, tmp_path):
    """A config file saved in the editor, or made or changed outside it (a watched-files
    notification), re-lints the documents already open with the new settings."""
    uri = (tmp_path / "p.json").as_uri()
    _open(push_client, uri)
    await _published(push_client)
    assert any(d.code == "IAM201" for d in push_client.diagnostics[uri])
    config = tmp_path / ".iamlint.toml"
    config.write_text('ignore = ["IAM201"]\n')  # made outside the editor
    push_client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    await _until(lambda: not any(d.code == "IAM201" for d in push_client.diagnostics[uri]))
    config.write_text('ignore = []\n')  # saved in the editor
    push_client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=_doc(config.as_uri())))
    await _until(lambda: any(d.code == "IAM201" for d in push_client.diagnostics[uri]))


@pytest.mark.asyncio
async def test_excluded_files_get_no_diagnostics(push_client, tmp_path):
    (tmp_path / ".iamlint.toml").write_text('exclude = ["fixtures"]\n')
    (tmp_path / "fixtures").mkdir()
    uri = (tmp_path / "fixtures" / "bad.json").as_uri()
    _open(push_client, uri)
    await _published(push_client)
    assert list(push_client.diagnostics[uri]) == []


# -- completion ------------------------------------------------------------------------------------
COMPLETE = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:Get"],
      "Resource": "arn",
      "Principal": {"AWS": "*"},
      "Condition": {"StringEquals": {"aws:Sou": "x"}, "Bool": {"aws:SecureTransport": "t"}}
    }
  ]
}
"""


@pytest.mark.asyncio
async def test_completion_on_valid_document(push_client):
    uri = "file:///iamlint-test/complete.json"
    _open(push_client, uri, COMPLETE)
    items = await _complete(push_client, uri, COMPLETE, '"s3:Get"', 7)
    assert "s3:GetObject" in items and items["s3:GetObject"].detail == "Read"
    assert items["s3:PutObject"].detail == "Write"
    edit = items["s3:GetObject"].text_edit
    assert edit.new_text == "s3:GetObject" and edit.range.start == _pos_of(COMPLETE, '"s3:Get"', 1)
    resolved = await push_client.completion_item_resolve_async(items["s3:GetObject"])
    assert "Read" in resolved.documentation.value
    services = await _complete(push_client, uri, COMPLETE, '"s3:Get"', 2)
    assert services["s3"].text_edit.new_text == "s3:" and "ec2" in services
    keys = await _complete(push_client, uri, COMPLETE, '"aws:Sou')
    assert "aws:SourceIp" in keys and "IPAddress" in keys["aws:SourceIp"].detail
    assert "s3:prefix" in keys  # the statement's service
    ops = await _complete(push_client, uri, COMPLETE, '"StringEquals', 3)
    assert {"StringLike", "IpAddress", "ForAnyValue:StringEquals", "StringEqualsIfExists"} <= set(ops)
    principals = await _complete(push_client, uri, COMPLETE, '{"AWS', 2)
    assert set(principals) == {"AWS", "Service", "Federated", "CanonicalUser"}
    arns = await _complete(push_client, uri, COMPLETE, '"arn')
    assert "arn:${Partition}:s3:::${BucketName}/${ObjectName}" in arns
    effect = await _complete(push_client, uri, COMPLETE, '"Allow', 1)
    assert set(effect) == {"Allow", "Deny"}
    version = await _complete(push_client, uri, COMPLETE, '"2012', 1)
    assert "2012-10-17" in version
    elements = await _complete(push_client, uri, COMPLETE, '"Effect', 1)
    assert {"Action", "NotResource", "Condition", "Sid"} <= set(elements)
    top = await _complete(push_client, uri, COMPLETE, '"Version', 1)
    assert set(top) == {"Version", "Id", "Statement"}
    bools = await _complete(push_client, uri, COMPLETE, '"t"', 1)
    assert set(bools) == {"true", "false"}


@pytest.mark.asyncio
async def test_completion_mid_edit(push_client):
    uri = "file:///iamlint-test/mid-edit.json"
    text = '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "kms:En'
    _open(push_client, uri, text)
    items = await _complete(push_client, uri, text, '"kms:En')
    assert "kms:Encrypt" in items and items["kms:Encrypt"].detail == "Write"
    text2 = '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "kms:Encrypt", \n      '
    _open(push_client, uri, text2, version=2)
    elements = await _complete(push_client, uri, text2, text2)
    assert elements["Resource"].text_edit.new_text == '"Resource": '
    text3 = text2 + '"Resource": '
    _open(push_client, uri, text3, version=3)
    arns = await _complete(push_client, uri, text3, text3)
    assert any(label.startswith("arn:${Partition}:kms:") for label in arns)
    assert arns["*"].text_edit.new_text == '"*"'


@pytest.mark.asyncio
async def test_no_policy_noise_in_other_files(push_client):
    """package.json is offered no Version/Statement; a Terraform file without IAM being typed gets
    no syntax errors (its HCL is terraform-ls's); condition keys are offered once each."""
    uri = "file:///iamlint-test/package.json"
    text = '{\n  "name": "app",\n  "'
    _open(push_client, uri, text)
    assert await _complete(push_client, uri, text, text) == {}
    uri = "file:///iamlint-test/bucket.tf"
    half = 'resource "aws_s3_bucket" "b" {\n  bucket = "logs'
    _open(push_client, uri, half)
    await _published(push_client)
    assert list(push_client.diagnostics[uri]) == []
    uri = "file:///iamlint-test/keys.json"
    text = COMPLETE.replace('"s3:Get"', '"s3:GetObject", "ec2:RunInstances"')
    _open(push_client, uri, text)
    result = await push_client.text_document_completion_async(types.CompletionParams(
        text_document=_doc(uri), position=_pos_of(text, '"aws:Sou', len('"aws:Sou'))))
    labels = [i.label for i in (result.items if isinstance(result, types.CompletionList) else result)]
    assert "aws:ResourceTag/${TagKey}" in labels and len(labels) == len(set(labels))


@pytest.mark.asyncio
async def test_accepting_a_completion_writes_valid_text(push_client):
    """Templates become snippets (the partition written, the names to tab through), filtered by
    what the user types; a string not closed yet is closed, a key gets its colon."""
    uri = "file:///iamlint-test/accept.json"
    text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::'
    _open(push_client, uri, text)
    arns = await _complete(push_client, uri, text, text)
    item = arns["arn:${Partition}:s3:::${BucketName}/${ObjectName}"]
    assert item.insert_text_format == types.InsertTextFormat.Snippet
    assert item.text_edit.new_text == 'arn:aws:s3:::${1:BucketName}/${2:ObjectName}"'  # and the closing quote
    assert item.filter_text.startswith("arn:aws:s3:::")
    text = '{"Statement": [{"Effect": "Allow", "Action": "s3:Get'
    _open(push_client, uri, text, version=2)
    actions = await _complete(push_client, uri, text, text)
    assert actions["s3:GetObject"].text_edit.new_text == 's3:GetObject"'
    text = '{"Statement": [{"Eff'
    _open(push_client, uri, text, version=3)
    keys = await _complete(push_client, uri, text, text)
    assert keys["Effect"].text_edit.new_text == 'Effect": '


@pytest.mark.asyncio
async def test_hover_on_a_policy_variable_and_a_tag_key(push_client):
    uri = "file:///iamlint-test/hover-variable.json"
    text = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", '
            '"Resource": "arn:aws:s3:::home/${aws:username}/*", '
            '"Condition": {"StringEquals": {"s3:ExistingObjectTag/env": "dev"}}}]}')
    _open(push_client, uri, text)
    await _published(push_client)
    assert (await _hover(push_client, uri, text, "${aws:username}", 5)).startswith("Policy variable: **aws:username**")
    assert "s3:ExistingObjectTag" in await _hover(push_client, uri, text, '"s3:ExistingObjectTag/env"', 3)


@pytest.mark.asyncio
async def test_hover_in_templates(push_client):
    """In CloudFormation and Terraform the action or condition key under the cursor is described
    as in a policy file, next to the finding's own hover."""
    uri = "file:///iamlint-test/hover-stack.yaml"
    text = CFN_YAML.replace("Action: s3:GetObjekt", "Action: s3:GetObject\n            Condition: {Bool: {aws:SecureTransport: 'true'}}")
    _open(push_client, uri, text)
    await _published(push_client)
    assert (await _hover(push_client, uri, text, "s3:GetObject", 3)).startswith("**s3:GetObject** (Read)")
    assert (await _hover(push_client, uri, text, "aws:SecureTransport", 3)).startswith("**aws:SecureTransport**")
    uri = "file:///iamlint-test/hover-main.tf"
    _open(push_client, uri, TF)
    await _published(push_client)
    hover = await _hover(push_client, uri, TF, "sqs:SendMesage", 3)
    assert "IAM201" in hover  # the unknown action: the finding's hover, no catalog entry


# -- hover ---------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_hover_action_key_operator_and_rule(push_client):
    uri = "file:///iamlint-test/hover2.json"
    text = COMPLETE.replace('"s3:Get"', '"s3:GetObjekt"').replace('"aws:Sou"', '"aws:SourceIp"')
    _open(push_client, uri, text)
    await _published(push_client)
    action = await _hover(push_client, uri, text, '"s3:GetObject"', 4)
    assert "**s3:GetObject** (Read)" in action and "Resource types" in action and "s3:ExistingObjectTag" in action
    assert "list_amazons3.html" in action or "list_s3.html" in action
    key = await _hover(push_client, uri, text, '"aws:SourceIp"', 0)
    assert "IPAddress" in key and "single-valued" in key
    op = await _hover(push_client, uri, text, '"StringEquals"', 5)
    assert "String condition operator" in op
    rule = await _hover(push_client, uri, text, '"s3:GetObjekt"', 5)
    assert "IAM201 unknown-action" in rule and "#iam201" in rule
    element = await _hover(push_client, uri, text, '"Effect"', 2)
    assert "Deny" in element
    nothing = await push_client.text_document_hover_async(types.HoverParams(text_document=_doc(uri), position=types.Position(line=0, character=0)))
    assert nothing is None
