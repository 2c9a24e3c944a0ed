"""Results of earlier runs, per file content, so that an unchanged tree is not parsed again.

An entry is keyed by a hash of the file's bytes, the folder it is in (where its imports lead
depends on it) and a fingerprint of what else decides the findings: lint-cache's version and the
settings. It keeps the contents hash of each project module the findings read, and every import
resolution they rest on with its answer, found or not: an entry is used only while each module is
unchanged and each import still leads where it led (a helper module created, removed or shadowed
makes it stale). Diagnostics are stored without their path.

Anyone can compute a key, and the cache folder may be committed or restored into CI, so an entry
is trusted only when it is signed (HMAC-SHA256) with a secret kept in the user's own cache folder
(`$XDG_CACHE_HOME/lint-cache/signing-key`, else `~/.cache/lint-cache/signing-key`), and every
field is checked. Links and non-regular files in the cache folder are never followed or read. A
cache that is missing, corrupt, forged or unwritable is ignored: it can only ever save time, never
change a result or stop a run.

Several processes share one cache: `lint-cache check` in a terminal, the flake8 plugin in each of
flake8's workers, an editor's. Each writes what it added over what is on disk when it saves, under
a lock where the platform has one, so that none loses the entries of another.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
import time
from dataclasses import fields
from pathlib import Path
from typing import Iterable, Iterator, Optional

from lint_cache import __version__
from lint_cache.diagnostics import ERROR, SAFE, UNSAFE, WARNING, Diagnostic
from lint_cache.project.files import read_regular
from lint_cache.rules import RULES_BY_CODE
from lint_cache.settings import Settings

FOLDER_NAME = ".lint_cache_cache"
_STORED_FIELDS = [item.name for item in fields(Diagnostic) if item.name not in ("path", "fix")]


def default_folder() -> Path:
    """`.lint_cache_cache` in the working folder; `$XDG_CACHE_HOME/lint-cache` when that is set."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "lint-cache" if xdg else Path(FOLDER_NAME)


# Settings fields that do not change findings: they only say where a value came from.
_NOT_ABOUT_FINDINGS = frozenset({"version_source", "version_file"})


def fingerprint(settings: Settings) -> str:
    """What, besides the file, decides its findings, in a stable form (a frozenset's order changes
    from one process to the next, so sets are sorted)."""
    described: dict[str, object] = {"lint-cache": __version__}
    for item in fields(settings):
        if item.name in _NOT_ABOUT_FINDINGS:
            continue
        value = getattr(settings, item.name)
        described[item.name] = sorted(value) if isinstance(value, (set, frozenset)) else str(value)
    return hashlib.blake2b(json.dumps(described, sort_keys=True).encode(), digest_size=16).hexdigest()


def key(data: bytes, settings: Settings, path: str) -> str:
    """The entry of a file's `data` at `path`: two identical files in two folders import different
    modules, so each has its own."""
    folder = os.path.dirname(os.path.abspath(path)).encode("utf-8", "surrogateescape")
    content = hashlib.blake2b(data, digest_size=20)
    content.update(b"\0" + folder)
    return f"{fingerprint(settings)}:{content.hexdigest()}"


MAX_ENTRIES = 100_000  # beyond this the oldest entries go, so the file cannot grow without end
MAX_FILE_BYTES = 256 * 1024**2  # a results file beyond this is not read
MAX_DEPENDENCY_BYTES = 8 * 1024**2  # a helper module beyond this is not hashed (nor read as a module)
KEY_NAME = "signing-key"
_SEVERITIES = frozenset({ERROR, WARNING})
_FIX_SAFETIES = frozenset({None, SAFE, UNSAFE})
_POSITIONS = ("line", "column", "end_line", "end_column")


def key_folder() -> Path:
    """The user's own cache folder, where the signing key lives: never inside a project."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "lint-cache"


def signing_key(folder: Optional[Path] = None) -> Optional[bytes]:
    """This installation's secret, created on first use (readable by the user only); None when it can
    be neither read nor created, and then nothing is cached."""
    folder = folder or key_folder()
    path = folder / KEY_NAME
    try:
        return read_regular(path, 1024, follow_links=False) or None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    secret = secrets.token_bytes(32)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(secret)
        return secret
    except FileExistsError:  # another run made it meanwhile
        try:
            return read_regular(path, 1024, follow_links=False) or None
        except OSError:
            return None
    except OSError:
        return None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # the key and the lock are never opened through a link
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class ResultCache:
    def __init__(self, folder: Path, secret: Optional[bytes] = None):
        self.file = folder / "results.json"
        self.folder = folder
        self._secret = secret if secret is not None else signing_key()
        self._entries: dict[str, dict] = self._load()
        self._added: dict[str, dict] = {}  # what this process stored: written over the file's entries
        self._digests: dict[str, Optional[str]] = {}

    def _usable_folder(self) -> bool:
        try:
            return stat.S_ISDIR(os.lstat(self.folder).st_mode)  # a link to a folder is not followed
        except OSError:
            return False

    def _load(self) -> dict[str, dict]:
        if self._secret is None or not self._usable_folder():
            return {}
        try:
            document = json.loads(read_regular(self.file, MAX_FILE_BYTES, follow_links=False).decode("utf-8"))
        except (OSError, ValueError, RecursionError, MemoryError):
            return {}
        entries = document.get("entries") if isinstance(document, dict) else None
        return entries if isinstance(entries, dict) else {}

    def _signature(self, key: str, record: list, dependencies: dict, lookups: list) -> str:
        message = json.dumps([key, record, dependencies, lookups], sort_keys=True, separators=(",", ":")).encode()
        return hmac.new(self._secret or b"", message, hashlib.sha256).hexdigest()

    @staticmethod
    def _resolved_alike(lookups: list, path: str) -> bool:
        """Whether every import resolution of the entry gives the same answer today, for the file
        at `path` (the importer "") and the modules it read."""
        from lint_cache.project import imports

        return imports.resolved_alike(lookups, path)

    def _unchanged(self, dependencies: dict) -> bool:
        """Whether every project module the findings depend on still has the contents they had."""
        return all(
            isinstance(path, str) and isinstance(digest, str) and self._digest(path) == digest
            for path, digest in dependencies.items()
        )

    def _digest(self, path: str) -> Optional[str]:
        """The contents hash of a dependency, read once per run; None when it cannot be read."""
        if path not in self._digests:
            try:
                data = read_regular(path, MAX_DEPENDENCY_BYTES, follow_links=False)
            except (OSError, ValueError):
                self._digests[path] = None
            else:
                self._digests[path] = hashlib.blake2b(data, digest_size=20).hexdigest()
        return self._digests[path]

    def get(self, key: str, path: str) -> Optional[list[Diagnostic]]:
        """The diagnostics stored under `key`, given `path`; None when there are none, or when the
        entry is not one this installation wrote, or is malformed in any way."""
        stored = self._entries.get(key)
        if self._secret is None or not isinstance(stored, dict):
            return None
        record, signature = stored.get("diagnostics"), stored.get("signature")
        dependencies, lookups = stored.get("dependencies", {}), stored.get("lookups")
        if not isinstance(record, list) or not isinstance(signature, str) or not isinstance(dependencies, dict):
            return None
        if not isinstance(lookups, list):
            return None
        try:
            if not hmac.compare_digest(signature, self._signature(key, record, dependencies, lookups)):
                return None
        except (TypeError, ValueError, RecursionError):
            return None
        if not self._unchanged(dependencies):
            return None  # a helper module it reads from was edited: check it again
        if not self._resolved_alike(lookups, path):
            return None  # an import leads elsewhere now (a module created or removed): check it again
        diagnostics = [_diagnostic(item, path) for item in record]
        return None if any(d is None for d in diagnostics) else diagnostics  # type: ignore[return-value]

    def put(
        self, key: str, diagnostics: list[Diagnostic], dependencies: Iterable[str] = (), lookups: Iterable = ()
    ) -> None:
        """Store a file's findings under `key` (its contents, folder and settings) with the contents
        hashes of the project modules they depend on and the import resolutions they rest on
        (`ProjectModules.lookups`), so that editing one of those modules, or creating or removing
        one an import looks for, makes the entry stale."""
        if self._secret is None:
            return
        digests = {path: self._digest(path) for path in dependencies}
        if any(digest is None for digest in digests.values()):
            return  # a dependency that cannot be read now cannot be checked later
        record = [{name: getattr(d, name) for name in _STORED_FIELDS} for d in diagnostics]
        resolved = [list(lookup) for lookup in lookups]
        entry = {
            "diagnostics": record,
            "dependencies": digests,
            "lookups": resolved,
            "signature": self._signature(key, record, digests, resolved),
        }
        if self._entries.get(key) != entry:
            self._entries[key] = self._added[key] = entry

    def save(self) -> None:
        """Add this process's entries to those on disk, atomically; any failure leaves the cache as
        it was."""
        if not self._added:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self._usable_folder():
                return
            _create_once(self.folder / ".gitignore", b"# Created by lint-cache.\n*\n")
            with _locked(self.folder / LOCK_NAME):
                entries = self._load()  # what other processes saved since this one started
                for key, entry in self._added.items():
                    entries.pop(key, None)
                    entries[key] = entry  # newest last: the trimming below drops the oldest
                entries = dict(list(entries.items())[-MAX_ENTRIES:])
                handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".results-", suffix=".tmp")
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump({"entries": entries}, stream)
                os.replace(temporary, self.file)  # replaces a link itself, never what it points to
            self._added = {}
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)

    def save_at_exit(self) -> None:
        """Save when this process ends, also where it is one of flake8's workers: a pool's workers
        skip `atexit`, but end through multiprocessing's own exit functions (which `atexit` runs in
        the main process)."""
        import multiprocessing.util

        multiprocessing.util.Finalize(None, self.save, exitpriority=0)


LOCK_NAME = ".lock"
LOCK_WAIT = 5.0  # seconds; a save takes milliseconds


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created, never followed if it is a link) while saving;
    without `fcntl` (Windows) the last process to save wins, as before locking."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    handle = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o644)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:  # held for ever by someone: skip saving, never hang
                    raise OSError(f"{path}: locked by another process") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _create_once(path: Path, data: bytes) -> None:
    """Create `path` unless something (even a dangling link) is there; never write through a link."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    except FileExistsError:
        return
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)


def _diagnostic(item: object, path: str) -> Optional[Diagnostic]:
    """The stored diagnostic, if every field has the type and value lint-cache writes; else None."""
    if not isinstance(item, dict) or set(item) != set(_STORED_FIELDS):
        return None
    positions = [item[name] for name in _POSITIONS]
    if not all(type(value) is int and 0 <= value < 2**31 for value in positions):
        return None
    if not all(isinstance(item[name], str) for name in ("code", "message", "name", "severity")):
        return None
    if item["code"] not in RULES_BY_CODE or item["severity"] not in _SEVERITIES:
        return None
    safety = item["fix_safety"]
    if not (safety is None or isinstance(safety, str)) or safety not in _FIX_SAFETIES:
        return None
    return Diagnostic(path=path, **item)
