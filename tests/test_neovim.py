"""A real editor: headless Neovim attaches `iamlint server` to a policy file and we read back the
diagnostics Neovim holds (vim.diagnostic.get), with their ranges.

Works with Debian's Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client, push diagnostics)
and with newer versions (which pull). `.ci/run` installs Neovim with apt-get when it can; without
it the tests skip with a message saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NVIM = shutil.which("nvim")
NVIM_CONFIG = Path(__file__).resolve().parents[1] / "editors" / "nvim" / "lsp" / "iamlint.lua"
pytestmark = pytest.mark.skipif(
    NVIM is None,
    reason="Neovim (nvim) is not installed: `apt-get install -y neovim` (what .ci/run does as root) enables this test",
)

# The mistake (an unknown action) sits after non-ASCII text on the same line: a 2-byte 'é' and a
# 4-byte emoji (2 UTF-16 units). Neovim holds byte columns; the server speaks UTF-16 (0.7) or
# UTF-8 (0.11) positions, so a wrong conversion anywhere shows up as a wrong column here.
BAD_LINE = '    {"Sid": "Caf\u00e9\U0001F600", "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}'
POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [\n' + BAD_LINE + '\n  ]\n}\n'
TOKEN = '"s3:GetObjekt"'

# Runs inside Neovim: open the file, start and attach the server, wait for diagnostics, fix the
# mistake in the buffer (didChange), wait for the unknown-action diagnostic to go, write a JSON
# report, quit. Every wait is bounded; any Lua error is reported instead of hanging.
LUA = r"""
local out_path = os.getenv('IAMLINT_NVIM_OUT')
local policy = os.getenv('IAMLINT_NVIM_POLICY')
local cmd = vim.fn.json_decode(os.getenv('IAMLINT_NVIM_CMD'))
local timeout = tonumber(os.getenv('IAMLINT_NVIM_TIMEOUT_MS') or '20000')
-- The shipped config (editors/nvim/lsp/iamlint.lua, written for 0.11's vim.lsp.config): its
-- filetypes, init_options and settings are used here; only cmd is replaced by this Python's.
local conf = dofile(os.getenv('IAMLINT_NVIM_CONFIG'))
local report = { version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch) }

local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd('qall!')
end

local function snapshot(bufnr)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(items, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or lsp.code,
    })
  end
  table.sort(items, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return items
end

local function has_code(bufnr, code)
  for _, d in ipairs(snapshot(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

local ok, err = pcall(function()
  report.config = { cmd = conf.cmd, filetypes = conf.filetypes, root_markers = conf.root_markers }
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(policy))
  local bufnr = vim.api.nvim_get_current_buf()
  report.filetype = vim.bo[bufnr].filetype
  local client_id = vim.lsp.start_client({
    name = 'iamlint',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(policy, ':p:h'),
    init_options = vim.tbl_deep_extend('force', conf.init_options or {}, { iamlint = { debounceMs = 10 } }),
    settings = conf.settings,
    on_exit = function(code, signal) report.server_exit = { code = code, signal = signal } end,
  })
  if not client_id then error('vim.lsp.start_client returned nil') end
  report.attached = vim.lsp.buf_attach_client(bufnr, client_id)

  report.initialized = vim.wait(timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 20)
  local c = vim.lsp.get_client_by_id(client_id)
  if c then report.offset_encoding = c.offset_encoding end

  report.got_diagnostics = vim.wait(timeout, function() return has_code(bufnr, 'IAM201') end, 20)
  report.before = snapshot(bufnr)

  -- Fix the action in the buffer: Neovim sends didChange, the server lints again.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    local s, e = line:find('GetObjekt', 1, true)
    if s then
      vim.api.nvim_buf_set_text(bufnr, i - 1, s - 1, i - 1, e, { 'GetObject' })
      break
    end
  end
  report.cleared = vim.wait(timeout, function() return not has_code(bufnr, 'IAM201') end, 20)
  report.after = snapshot(bufnr)
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end)
if not ok then report.error = tostring(err) end
finish()
"""


def _run_nvim(tmp_path: Path, timeout_ms: int = 20000) -> dict:
    policy = tmp_path / "bad-policy.json"
    policy.write_text(POLICY, encoding="utf-8")
    # The server reads the nearest configuration above the file: pin the defaults here.
    (tmp_path / ".iamlint.toml").write_text("# defaults\n", encoding="utf-8")
    script = tmp_path / "attach.lua"
    script.write_text(LUA, encoding="utf-8")
    out = tmp_path / "report.json"
    env = dict(
        os.environ,
        IAMLINT_NVIM_OUT=str(out),
        IAMLINT_NVIM_POLICY=str(policy),
        IAMLINT_NVIM_CMD=json.dumps([sys.executable, "-m", "iamlint.cli", "server"]),
        IAMLINT_NVIM_TIMEOUT_MS=str(timeout_ms),
        IAMLINT_NVIM_CONFIG=str(NVIM_CONFIG),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    cmd = [NVIM, "--headless", "--clean", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {script}"]
    try:
        proc = subprocess.run(cmd, env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout_ms / 1000 * 3 + 30)
    except subprocess.TimeoutExpired as exc:  # pragma: no cover - a hang is a failure, with output
        pytest.fail(f"headless Neovim did not finish: stdout={exc.stdout!r} stderr={exc.stderr!r}")
    assert out.exists(), f"Neovim wrote no report (exit {proc.returncode}): {proc.stdout!r} {proc.stderr!r}"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in report, f"Lua error inside Neovim {report.get('version')}: {report['error']}"
    return report


def _byte_col(line: str, char_col: int) -> int:
    return len(line[:char_col].encode("utf-8"))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return _run_nvim(tmp_path_factory.mktemp("nvim"))


def test_shipped_config_is_used(report):
    """editors/nvim/lsp/iamlint.lua loads in this Neovim and covers the filetype it gives .json."""
    assert report["config"]["cmd"] == ["iamlint", "server"]
    assert report["filetype"] == "json"
    assert report["filetype"] in report["config"]["filetypes"]
    assert {"json", "jsonc", "yaml", "terraform"} <= set(report["config"]["filetypes"])


def test_neovim_attaches_and_holds_diagnostics(report):
    assert report["attached"], report
    assert report["initialized"], f"server never initialised in Neovim {report['version']}: {report}"
    assert report["got_diagnostics"], f"no IAM201 diagnostic reached Neovim {report['version']}: {report}"
    codes = {d["code"] for d in report["before"]}
    assert "IAM201" in codes
    for d in report["before"]:
        assert d["source"] == "iamlint"


def test_neovim_diagnostic_range_is_exact(report):
    """The unknown action's range, in Neovim's byte columns, covers exactly the quoted token."""
    (d,) = [d for d in report["before"] if d["code"] == "IAM201"]
    lnum = POLICY.splitlines().index(BAD_LINE)
    start = BAD_LINE.index(TOKEN)
    assert (d["lnum"], d["end_lnum"]) == (lnum, lnum) == (3, 3)
    assert d["col"] == _byte_col(BAD_LINE, start) == 54  # 50 characters, 54 bytes, 51 UTF-16 units
    assert d["end_col"] == _byte_col(BAD_LINE, start + len(TOKEN)) == 68
    assert "s3:GetObject" in d["message"]  # did-you-mean
    assert d["severity"] == 1  # vim.diagnostic.severity.ERROR


def test_neovim_diagnostics_follow_edits(report):
    """Fixing the action in the buffer (didChange) removes its diagnostic; others stay."""
    assert report["cleared"], f"IAM201 still held after the fix: {report['after']}"
    assert all(d["code"] != "IAM201" for d in report["after"])
