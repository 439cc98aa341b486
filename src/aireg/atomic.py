"""Write output files whole or not at all.

Every writer goes through here: the content is written to a temporary file in
the target folder and renamed over the target only once complete, so an error
half-way never leaves a truncated file behind.

A target that is not a regular file (``/dev/stdout``, ``/dev/null``, a named
pipe, ``>(gzip > r.gz)``) cannot be swapped and must never be: renaming over it
would replace the device or pipe itself (as root, ``-o /dev/null`` turned
``/dev/null`` into a file). The content is then written through it once
complete, and a failed write (``/dev/full``) is one line. A symbolic link to a
regular file is followed: the file it names is replaced, the link is kept.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _special(target: Path) -> bool:
    """True if ``target`` (followed through links) exists and is not a regular file or a folder."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _is_stdout(target: Path) -> bool:
    try:
        return os.path.samestat(os.stat(target), os.fstat(1))
    except OSError:
        return False


def _temporary(target: Path, prefix: str, folder: Path | None = None) -> Path:
    """An empty temporary ``.part`` file (in ``folder``, made if missing; else the system's), or the
    one-line error of writing ``target``."""
    try:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
    except OSError as err:
        raise _cannot_write(target, err) from None
    os.close(fd)
    return Path(tmp)


@contextmanager
def _through(target: Path) -> Iterator[Path]:
    """Yield a temporary path; on success its content is written through ``target`` (a device or pipe)."""
    tmp_path = _temporary(target, prefix="aireg-")
    try:
        yield tmp_path
        try:
            with open(tmp_path, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except BrokenPipeError:  # the reader left (-o /dev/stdout | head): what it took was all it wanted
            if _is_stdout(target):
                from aireg.stdout import reader_gone

                reader_gone()  # nothing more is printed there either
        except OSError as err:
            raise _cannot_write(target, err) from None
    finally:
        tmp_path.unlink(missing_ok=True)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target``, on error it is removed."""
    target = Path(target)
    if _special(target):
        with _through(target) as tmp:
            yield tmp
        return
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
    except OSError:  # a folder that cannot be searched: the write below says so, naming the target
        pass
    tmp_path = _temporary(target, prefix="." + target.name + ".", folder=target.parent)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except OSError as err:
        tmp_path.unlink(missing_ok=True)
        if err.filename in (str(tmp_path), tmp_path, str(target), target) or err.filename is None:
            raise _cannot_write(target, err) from None
        raise
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _cannot_write(target: Path, err: OSError):
    """The error as one line naming the file the user asked for (never the temporary .part file)."""
    from aireg.outdir import OutputError

    return OutputError(f"cannot write {target}: {err.strerror or err}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(target: str | Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str) -> Path:
    return write_bytes(target, text.encode("utf-8"))


def refuse_input_as_output(target: str | Path | None, inputs) -> None:
    """An ``-o`` that names one of the command's own inputs is refused before anything runs.

    ``aireg validate -o data/x.ttl data/x.ttl`` (a slip of the shell) replaced the data with its report.
    """
    if not target:
        return
    from aireg.errors import InputError

    try:
        out = os.stat(target)
    except OSError:
        return  # not there yet: it cannot be an input
    for item in inputs:
        try:
            same = os.path.samestat(out, os.stat(item))
        except OSError:
            continue
        if same:
            where = "" if os.path.abspath(item) == os.path.abspath(target) else f" (as {item})"
            raise InputError(f"-o {target} is one of this command's inputs{where}: nothing was written over it")
