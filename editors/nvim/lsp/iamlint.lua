-- iamlint language server for Neovim >= 0.11 (vim.lsp.config / vim.lsp.enable).
--
-- Install: copy this file to ~/.config/nvim/lsp/iamlint.lua (or put the folder that holds lsp/
-- on 'runtimepath'), then in init.lua:
--
--   vim.lsp.enable('iamlint')
--
-- Override anything with vim.lsp.config('iamlint', { ... }), e.g. a virtualenv's server:
--
--   vim.lsp.config('iamlint', { cmd = { vim.fn.expand('~/.venvs/iam/bin/iamlint'), 'server' } })
--
-- The server lints only documents that are policies by content (a top-level object with a
-- "Statement" key), so attaching it to every JSON buffer is harmless: package.json gets nothing.
-- YAML and Terraform documents are linted once iamlint's CloudFormation/Terraform carriers exist.

---@type vim.lsp.Config
return {
  cmd = { 'iamlint', 'server' },
  filetypes = { 'json', 'jsonc', 'yaml', 'terraform' },
  root_markers = { '.iamlint.toml', 'pyproject.toml', '.git' },
  -- The server reads one `iamlint` object, from initializationOptions and from the
  -- workspace/configuration section `iamlint`, layered over the project's configuration.
  -- Keys: select, extendSelect, ignore (lists of rule codes, prefixes or names), debounceMs.
  init_options = {
    iamlint = {},
  },
  settings = {
    iamlint = {},
  },
}
