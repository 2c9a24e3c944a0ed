"""Finding the files to lint and reading them the way Python would."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from lint_cache.source import prefilter

PYTHON_SUFFIXES = (".py", ".pyi")
NOTEBOOK_SUFFIXES = (".ipynb",)

# Folders that hold no code of the project's own (the same list ruff skips by default).
SKIPPED_FOLDERS = frozenset(
    {
        "__pycache__",
        "__pypackages__",
        "_build",
        "buck-out",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)


class UnreadableFile(Exception):
    """A file that cannot be read or decoded; the message says why."""


@dataclass(frozen=True)
class SourceFile:
    path: str
    data: bytes

    def decode(self) -> tuple[str, str]:
        """The text and its encoding, decoded as Python decodes source: BOM, encoding cookie, else
        UTF-8. Writing back with the same encoding gives the same bytes (BOM included)."""
        wide = prefilter.wide_encoding(self.data)
        if wide is not None:
            raise UnreadableFile(
                f"it is {wide} text (it starts with a {wide} byte-order mark), which Python cannot run: "
                "save it as UTF-8"
            )
        if b"\x00" in self.data:
            raise UnreadableFile("it is a binary file (it contains NUL bytes)")
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(self.data).readline)
        except SyntaxError as error:
            raise UnreadableFile(str(error)) from None
        try:
            return self.data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise UnreadableFile(f"it is not valid {encoding}: {error}") from None


def discover(
    paths: list[str], excluded=lambda path: False, ignore_files=None, force_exclude: bool = False
) -> tuple[list[str], list[str]]:
    """The Python files under `paths`, sorted, and the error messages for paths that do not exist.

    Files named explicitly are linted whatever their suffix; folders are searched for *.py, *.pyi
    and *.ipynb, skipping hidden folders, virtual environments, build output and, with
    `ignore_files` (an `ignore_files.IgnoreFiles`), what .gitignore and .ignore files hide. Those
    files hide explicitly named paths only with `force_exclude`. Symlinked folders are not followed,
    so symlink loops cannot trap the walk.
    """
    found: set[str] = set()
    errors: list[str] = []
    for given in paths:
        hidden = force_exclude and ignore_files is not None and ignore_files.ignored(given, os.path.isdir(given))
        if os.path.isdir(given):
            if not hidden:
                found.update(path for path in _walk(given, errors, ignore_files) if not excluded(path))
        elif os.path.isfile(given):
            if not excluded(given) and not hidden:
                found.add(os.path.normpath(given))
        elif os.path.islink(given):
            errors.append(f"{given}: a broken or looping symbolic link")
        elif os.path.lexists(given):
            errors.append(f"{given}: not a regular file or folder")
        else:
            errors.append(f"{given}: {_why_missing(given)}{_after_options_end(given)}")
    return _once_per_file(found), errors


def _after_options_end(path: str) -> str:
    """What to do about a missing path that looks like an option. Only a name that comes after `--`
    reaches here as a path: the pre-commit hooks' entries end with `--` (so that a committed file
    named like an option stays a file), and pre-commit puts a hook's `args:` after the entry."""
    if not path.startswith("-"):
        return ""
    return (
        " (after '--' every argument is a file name: options go before '--',"
        " and for the pre-commit hooks in 'entry:', not 'args:')"
    )


def _why_missing(path: str) -> str:
    try:
        os.lstat(path)
    except PermissionError:
        return "cannot be reached: permission denied on a folder above it"
    except OSError as error:
        if error.errno not in (errno.ENOENT, errno.ENOTDIR):
            return f"cannot be reached: {error.strerror or error}"
    return "no such file or folder"


def _once_per_file(paths: set[str]) -> list[str]:
    """`paths` sorted, each file once: of several names of one file (symbolic or hard links), the
    first one that is not a symbolic link is kept, else the first."""
    kept: dict[tuple[int, int], str] = {}
    for path in sorted(paths, key=lambda path: (os.path.islink(path), path)):
        try:
            status = os.stat(path)
        except OSError:
            kept[(-1, len(kept))] = path  # reported when it is read
            continue
        kept.setdefault((status.st_dev, status.st_ino), path)
    return sorted(kept.values())


def _walk(top: str, errors: list[str], ignore_files=None) -> Iterator[str]:
    def hidden(path: str, is_folder: bool) -> bool:
        return ignore_files is not None and ignore_files.ignored(path, is_folder, top)

    def unreadable(error: OSError) -> None:  # a folder that cannot be listed is an error, not an empty folder
        errors.append(f"{error.filename}: cannot read the folder: {error.strerror or error}")

    for folder, subfolders, files in os.walk(top, onerror=unreadable, followlinks=False):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in SKIPPED_FOLDERS
            and not os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))
            and not hidden(os.path.join(folder, name), True)
        )
        for name in files:
            path = os.path.join(folder, name)
            # Only regular files: opening a FIFO or a device named *.py would block or never end.
            if name.endswith(PYTHON_SUFFIXES + NOTEBOOK_SUFFIXES) and os.path.isfile(path) and not hidden(path, False):
                yield os.path.normpath(path)


def read(path: str) -> SourceFile:
    try:
        with open(path, "rb") as handle:
            return SourceFile(path, handle.read())
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def read_regular(path, limit: int, follow_links: bool = True) -> bytes:
    """The bytes of `path` if it is a regular file (not a FIFO or a device, nor a link unless
    `follow_links`) of at most `limit` bytes; OSError otherwise. The open never blocks, so a FIFO
    named like a module cannot hang the linter."""
    handle = os.open(path, os.O_RDONLY | _NONBLOCK | (0 if follow_links else _NOFOLLOW))
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            raise OSError(f"{path}: not a regular file of at most {limit} bytes")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:  # it grew since fstat
            raise OSError(f"{path}: not a regular file of at most {limit} bytes")
        return data
    finally:
        os.close(handle)


class LeftAlone(Exception):
    """A file that --fix would change but does not write; the message says why."""


class ChangedOnDisk(LeftAlone):
    """The file changed between reading and writing: it is left alone."""


def replace_contents(path: str, data: bytes, expected: bytes) -> None:
    """Write `data` to `path` atomically (a temporary file in the same folder, then a rename), keeping
    the file's permissions and owner, unless the file no longer holds `expected`. An interrupted or
    failed write leaves the original untouched.

    A file that a rename cannot replace without losing something is left alone (LeftAlone): one
    with several hard links (the rename would split them), a read-only one, and one whose owner
    cannot be kept. The file is compared with `expected` again just before the rename; an editor's
    save in the microseconds between that comparison and the rename can still be lost."""
    target = os.path.realpath(path)  # write through a symlink, never replace the link itself
    if _current(path, target) != expected:
        raise ChangedOnDisk(f"{path}: the file changed while it was being fixed; it was left alone")
    status = os.stat(target)
    _check_replaceable(path, status)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        shutil.copymode(target, temporary)
        _keep_owner(path, temporary, status)
        if _current(path, target) != expected:  # once more, as late as possible
            raise ChangedOnDisk(f"{path}: the file changed while it was being fixed; it was left alone")
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _current(path: str, target: str) -> bytes:
    """What the file holds now; LeftAlone when it can no longer be read (deleted, made unreadable
    while it was being fixed): nothing is written in its place."""
    try:
        return read(target).data
    except UnreadableFile as error:
        raise LeftAlone(f"{path}: cannot read the file: {error}; nothing was written") from None


def _check_replaceable(path: str, status: os.stat_result) -> None:
    if status.st_nlink > 1:
        raise LeftAlone(
            f"{path}: the file has {status.st_nlink} hard links, which replacing it atomically would split; "
            "it was left alone (apply `lint-cache check --diff` by hand)"
        )
    if not status.st_mode & stat.S_IWUSR:
        raise LeftAlone(f"{path}: the file is read-only (mode {stat.S_IMODE(status.st_mode):04o}); it was left alone")


def _keep_owner(path: str, temporary: str, status: os.stat_result) -> None:
    if not hasattr(os, "chown"):
        return
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) == (status.st_uid, status.st_gid):
        return
    try:
        os.chown(temporary, status.st_uid, status.st_gid)  # as root, or a group of one's own
    except OSError:
        raise LeftAlone(
            f"{path}: the file belongs to another user or group, which a rewritten file would not keep; "
            "it was left alone"
        ) from None


def relative(path: str, start: Optional[str] = None) -> str:
    """`path` relative to `start` (the working folder) when it lies below it, else unchanged."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path(start or os.getcwd()).absolute()))
    except ValueError:
        return path
