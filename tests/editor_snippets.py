"""The README's editor setups: each is a fenced block after an `<!-- editor: NAME -->` line, and
starts the language server with the command read here (the tests start the server with it), or
starts none (VS Code's Flake8 extension runs flake8 with the plugin, Zed runs the CLI as a task)."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from typing import Optional

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EDITOR_SNIPPET = re.compile(r"<!-- editor: (?P<editor>[\w.-]+) -->\n```(?P<language>\w+)\n(?P<text>.*?)```", re.DOTALL)


def snippets() -> dict[str, tuple[str, str]]:
    """Each editor's (language, text)."""
    found = {}
    for editor, language, text in EDITOR_SNIPPET.findall(README):
        assert editor not in found, f"two snippets for {editor}"
        found[editor] = (language, text)
    return found


def server_command(language: str, text: str) -> Optional[list[str]]:
    """The command line a snippet starts the server with; None for one that starts no server."""
    if language == "json":
        settings = json.loads(text)
        if isinstance(settings, dict) and "glspc.server.command" in settings:
            return [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]]
        if isinstance(settings, dict) and "clients" in settings:
            return settings["clients"]["lint-cache"]["command"]
        return None
    if language == "lua":
        listed = re.search(r"cmd = \{(.*?)\}", text)
        return re.findall(r'"([^"]*)"', listed.group(1))
    if language == "toml":
        server = tomllib.loads(text)["language-server"]["lint-cache"]
        return [server["command"], *server["args"]]
    if language == "elisp":
        listed = re.search(r'\. \(((?:"[^"]*"\s*)+)\)', text)
        return re.findall(r'"([^"]*)"', listed.group(1))
    if language == "text":
        return shlex.split(re.search(r"^Command:\s*(.*)$", text, re.MULTILINE).group(1))
    raise AssertionError(f"a snippet in {language}, which the tests cannot read")


SERVER_COMMAND = server_command(*snippets()["vscode"])
