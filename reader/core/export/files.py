"""Writing export files without ever losing a file someone else put there.

Every write goes first to a temporary file beside the target (written and flushed to disk),
then becomes the target in one step, so a failure part-way never leaves half a file:

* `create_new` makes the target only if nothing is there, atomically: a hard link of the
  temporary file, which fails if any entry (a file, a folder, a symbolic link, even a dangling
  one) has the name by then. Nothing created after a check can be replaced, since there is no
  separate check. Where hard links are not available (some network and FAT file systems) the
  target is created with `O_EXCL | O_NOFOLLOW` and written in place instead.
* `replace_unchanged` replaces a file only if it still holds exactly the bytes the caller
  read, checked again right before the rename.
* `write_export` is `-o FILE`: `create_new` without `--force`; with it, an atomic rename over
  the old file, but never over a symbolic link (a rename would replace the link, and writing
  through it would change a file elsewhere).

Nothing here follows a symbolic link at the target.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from enum import Enum
from pathlib import Path

from reader.core.errors import ExportError

_NO_HARD_LINKS = {errno.EPERM, errno.EMLINK, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
"""What `os.link` answers on a file system without hard links."""


class Occupant(Enum):
    """What `read_existing` found at a path when it was not a plain file."""

    ABSENT = "absent"
    """Nothing has the name."""
    OTHER = "other"
    """A folder, a symbolic link (never followed), or a file that cannot be read."""


def sha256(data: bytes) -> str:
    """The SHA-256 of `data`, in hex: how the store remembers what reader wrote."""
    return hashlib.sha256(data).hexdigest()


def read_existing(path: Path) -> bytes | Occupant:
    """The bytes of the plain file at `path`, or what is there instead (see `Occupant`)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Occupant.ABSENT
    except OSError:
        return Occupant.OTHER
    if not stat.S_ISREG(info.st_mode):
        return Occupant.OTHER
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return Occupant.ABSENT
    except OSError:
        return Occupant.OTHER
    with os.fdopen(descriptor, "rb") as file:
        return file.read()


def create_new(target: Path, data: bytes) -> bool:
    """Create `target` holding `data`, only if nothing has that name.

    Returns:
        True if it was created; False if something already had the name (left untouched).

    Raises:
        ExportError: it cannot be written (permissions, a missing folder, a full disk).
    """
    temporary = _temporary(target, data)
    try:
        os.link(temporary, target)
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise ExportError(export_sentence(target, error)) from error
        return _create_in_place(target, data)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return True


def replace_unchanged(target: Path, data: bytes, expected: bytes) -> bool:
    """Replace the file at `target` with `data` if it still holds exactly `expected`.

    The check is made again after the new content is on disk, immediately before the rename,
    which leaves only the instant between the two for another program to save the file.

    Returns:
        True if it was replaced; False if it changed (or went) and was left as it is.

    Raises:
        ExportError: it cannot be written.
    """
    temporary = _temporary(target, data)
    try:
        if read_existing(target) != expected:
            return False
        os.replace(temporary, target)
    except OSError as error:
        raise ExportError(export_sentence(target, error)) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return True


def write_export(content: str, target: Path, *, force: bool = False) -> None:
    """Write an export to `target` (`reader export -o`), atomically.

    Without `force` the file is created only if nothing has its name, even something made a
    moment before the write, or a symbolic link to nowhere. With `force` an existing file is
    replaced in one step; a symbolic link is refused rather than replaced or written through.

    Raises:
        ExportError: something is at the target and `force` is false, the target is a folder
            or a symbolic link, or it cannot be written (permissions, a missing folder, a full
            disk).
    """
    target = Path(target)
    try:
        info: os.stat_result | None = os.lstat(target)
    except OSError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise ExportError(
            f"{target} is a symbolic link; reader never writes through one. "
            "Give the path of the file itself."
        )
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"{target} is a folder; give a file name to export to.")
    data = content.encode("utf-8")
    if not force:
        if info is not None or not create_new(target, data):
            raise ExportError(f"{target} already exists; use --force to replace it.")
        return
    temporary = _temporary(target, data)
    try:
        # A rename replaces a link made since the check instead of writing through it.
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise ExportError(export_sentence(target, error)) from error


def _temporary(target: Path, data: bytes) -> Path:
    """A new temporary file beside `target` holding `data`, flushed to disk.

    Raises:
        ExportError: it cannot be written.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        # 0o666 lets the umask decide the mode, as for any new file the person saves.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise ExportError(export_sentence(target, error)) from error
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise ExportError(export_sentence(target, error)) from error
    return temporary


def _create_in_place(target: Path, data: bytes) -> bool:
    """`create_new` without hard links: create exclusively, then write (not atomic)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(target, flags, 0o666)
    except FileExistsError:
        return False
    except OSError as error:
        raise ExportError(export_sentence(target, error)) from error
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        with contextlib.suppress(OSError):
            target.unlink()  # ours: made by the exclusive open above
        raise ExportError(export_sentence(target, error)) from error
    return True


def export_sentence(target: Path, error: OSError) -> str:
    """One plain sentence for an OS error while writing `target`."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"There is not enough disk space to write {target}."
    if error.errno == errno.EROFS:
        return f"{target} cannot be written: the disk is read-only."
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{target} cannot be written: permission denied."
    if error.errno == errno.ENOENT:
        return f"The folder {target.parent} does not exist."
    if error.errno == errno.ENOTDIR:
        return f"{target.parent} is not a folder."
    if error.errno in (errno.EISDIR, errno.ENOTEMPTY):
        return f"{target} is a folder; give a file name to export to."
    return f"{target} cannot be written ({error.strerror or error})."
