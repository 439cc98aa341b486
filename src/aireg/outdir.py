"""Replace an output folder as a whole: all files of one run, or the folder as it was.

``aireg build`` writes several files that belong together. Written one by one
(even each atomically), a kill, a full disk or a second build between two
writes leaves files of different builds side by side. Here the new set is
written into a fresh folder beside the target (``.NAME.build-PID-*``), then
swapped in with one ``renameat2(RENAME_EXCHANGE)`` call, so at every instant
the target holds one complete set. Where the file system cannot exchange,
two renames are used, and a target found missing with its ``.NAME.old-PID``
still there is put back by the next run.

Builds into the same parent folder take an advisory lock on it: a second
build waits (saying so on stderr) instead of interleaving. Under the lock,
folders left by a killed build are removed. Files in the target that the run
does not write itself are carried over into the new folder (hard links).
Every write error names the file in the target, never the staging copy.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from aireg.errors import AiregError


class OutputError(AiregError):
    """An output that could not be written (disk full, permissions): names the target file."""


def _nothing(_: str) -> None:
    pass


def replace_folder(target: str | Path, write: Callable[[Path], list[Path]],
                   on_wait: Callable[[str], None] = _nothing, step: Callable[[str], None] = _nothing,
                   own: tuple[str, ...] = ("aireg.nt", "aireg.ttl", "aireg.nq", "aireg.trig", "manifest.json"),
                   ) -> list[str]:
    """Run ``write(folder)`` into a fresh folder and swap it in for ``target``; the names written.

    ``own``: the names this kind of run writes; anything else already in
    ``target`` is kept.
    """
    target = Path(target)
    try:
        here = Path.cwd().resolve()
        resolved = target.resolve()
    except OSError:
        here = resolved = None
    if resolved is not None and (resolved == here or resolved in here.parents):
        # swapping the folder we stand in (or one above it) away would leave us in the deleted old set
        raise OutputError(f"-o {target} is the current folder or one above it: build replaces its output "
                          "folder whole; give a folder of its own, such as out")
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the folder for {target}: {err.strerror or err}") from None
    try:
        if target.exists() and not target.is_dir():
            raise OutputError(f"{target}: is not a folder; build writes a folder of files")
    except PermissionError:  # a folder on the path that cannot be searched (raised before Python 3.12)
        raise OutputError(f"cannot write {target}: permission denied (a folder on its path cannot be "
                          "searched)") from None
    with _locked(parent, target, on_wait):
        _recover(target)
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-{os.getpid()}-", dir=parent))
            os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's folder is private; give the mode mkdir would
        except OSError as err:
            raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
        try:
            try:
                written = write(staging)
                step("staged")
                _carry_over(target, staging, own)
            except OSError as err:
                raise _named(err, staging, target) from None
            _swap(staging, target)
            step("swapped")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        shutil.rmtree(staging, ignore_errors=True)  # after the exchange: the previous set
    return [p.name for p in written]


def _named(err: OSError, staging: Path, target: Path) -> OutputError:
    """The error with the target's file name in place of the staging copy's."""
    name = err.filename
    shown = target
    if name:
        try:
            shown = target / Path(name).relative_to(staging)
        except ValueError:
            shown = Path(name)
    reason = err.strerror or str(err)
    return OutputError(f"cannot write {shown}: {reason}; {target} is left as it was")


@contextmanager
def _locked(parent: Path, target: Path, on_wait: Callable[[str], None]):
    fd = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(f"waiting for another aireg build writing into {parent} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _recover(target: Path) -> None:
    """Put back a target a killed run had moved aside, and remove what killed runs left."""
    parent = target.parent
    old = sorted(parent.glob(f".{target.name}.old-*"))
    if old and not target.exists():
        os.rename(old[0], target)
        old = old[1:]
    for leftover in [*old, *parent.glob(f".{target.name}.build-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _carry_over(target: Path, staging: Path, own: tuple[str, ...]) -> None:
    if not target.is_dir():
        return
    for entry in target.iterdir():
        if entry.name in own or (staging / entry.name).exists():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, staging / entry.name)


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; afterwards ``staging`` holds the previous set, if any."""
    if not target.exists():
        os.rename(staging, target)
        staging.mkdir()  # so the caller's clean-up finds the path it expects
        return
    if _exchange(staging, target):
        return
    aside = target.parent / f".{target.name}.old-{os.getpid()}"
    os.rename(target, aside)
    os.rename(staging, target)
    os.rename(aside, staging)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
