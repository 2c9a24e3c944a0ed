"""The language server (`lint-cache server`), for the `lsp` extra: the only code that imports
pygls and lsprotocol."""
