"""Reading a repository's history with the real ``git`` (subprocess, argument lists, no shell).

``open_repository`` checks the repository once (git installed, a working copy, not bare, not
shallow) and reads its refs and settings; ``read_history`` streams one ``git log --numstat -z``
over the main line and the tags and parses it as it arrives, so a 50,000-commit history is read
in one pass without holding git's whole output. Every problem is one ``InputError`` line naming
the repository.

Why the git binary and not a library: it is already on every machine that has a repository,
it honours the repository's own settings (mailmap, rename detection, safe.directory), and
``git log`` is faster than any pure-Python object reader on a large history.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from promo_planner.core.errors import InputError

# Branches tried, in order, when the remote names no default branch.
MAIN_BRANCHES = ("main", "master", "trunk")
# The one git log command (before its revisions), exported for the benchmark's baseline.
# Options that keep git's output what this parser expects whatever the user's configuration
# says (colour, signatures, external diff drivers, text conversion).
LOG_OPTIONS = (
    "-c",
    "log.showSignature=false",
    "-c",
    "core.quotePath=off",
    "log",
    "-z",
    "--numstat",
    "-M",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--date-order",
    "--format=%x1e%H%x00%P%x00%aE%x00%aN%x00%aI%x00%cI%x00%B",
)
_READ_SIZE = 1 << 16


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a commit touched: lines added and removed (None for a binary file), and the
    path it had before when the commit renamed it."""

    path: str
    added: int | None
    removed: int | None
    renamed_from: str | None = None


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as capture needs it. ``files`` is filled for the author's commits only."""

    sha: str
    parents: tuple[str, ...]
    email: str
    name: str
    authored: dt.datetime
    committed: dt.datetime
    message: str
    files: tuple[FileChange, ...] = ()

    @property
    def subject(self) -> str:
        """The message's first line."""
        return self.message.split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        """The message after its first line, stripped."""
        parts = self.message.split("\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag pointing at a commit; ``subject`` and ``tagger`` only for annotated tags."""

    name: str
    commit: str
    date: dt.datetime
    subject: str
    tagger: str


@dataclass(frozen=True)
class Repository:
    """A checked working copy: where it is, its main line, its tags and settings."""

    path: Path
    top: Path
    """The working copy's top folder (``path`` may be a folder inside it)."""
    mainline: str
    """The ref whose first-parent chain is the main line (``origin/main``, ``main``, ``HEAD``)."""
    tip: str | None
    """The main line's newest commit; None in a repository with no commits yet."""
    user_email: str | None
    remote_url: str | None
    tags: tuple[Tag, ...]


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=_environment(),
            check=False,
        )
    except FileNotFoundError:
        raise InputError(_NO_GIT) from None
    except OSError as exc:
        raise InputError(f"git: cannot run it ({exc.strerror or exc})") from None


_NO_GIT = "git: not installed or not on PATH (capture git reads history with the git command)"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Never stop to ask for a password or open a pager; keep git's messages in one language so
    # they read the same in every report.
    env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", LC_ALL="C", LANGUAGE="C")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _first_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", "replace").splitlines():
        line = line.strip().removeprefix("fatal: ").removeprefix("error: ")
        if line:
            return line
    return "git failed without saying why"


def open_repository(path: str | os.PathLike[str]) -> Repository:
    """Check that ``path`` is a working copy git can read fully and read its refs.

    InputError (one line) when git is missing, the folder does not exist or is no repository,
    the repository is bare (no work tree to tell whose it is) or shallow (its history is cut
    off, so work would be missed or mis-attributed), or git cannot read it.
    """
    repo = Path(path).expanduser()
    if not repo.is_dir():
        raise InputError(f"{repo}: no such folder")
    probe = _git(repo, "rev-parse", "--is-bare-repository", "--is-shallow-repository")
    if probe.returncode != 0:
        raise InputError(f"{repo}: not a git repository git can read ({_first_line(probe.stderr)})")
    bare, shallow = probe.stdout.decode().split()[:2]
    if bare == "true":
        raise InputError(
            f"{repo}: a bare repository (no working copy); capture a clone of it instead"
        )
    if shallow == "true":
        raise InputError(
            f"{repo}: a shallow clone, its history is cut off; run git fetch --unshallow first"
        )
    config = _git(repo, "config", "--get-regexp", r"^(user\.email|remote\.origin\.url)$")
    settings: dict[str, str] = {}
    for line in config.stdout.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(" ")
        settings[key] = value.strip()  # listed system, global, local: the last one wins
    refs = _git(
        repo,
        "for-each-ref",
        "--format=%(refname)%00%(symref)%00%(objectname)%00%(*objectname)%00"
        "%(creatordate:iso-strict)%00%(contents:subject)%00%(taggeremail)",
        "refs/tags",
        "refs/heads",
        "refs/remotes/origin",
    )
    if refs.returncode != 0:
        raise InputError(f"{repo}: git cannot read its refs ({_first_line(refs.stderr)})")
    heads: set[str] = set()
    origin_head: str | None = None
    tags: list[Tag] = []
    for line in refs.stdout.decode("utf-8", "replace").splitlines():
        name, symref, target, peeled, stamp, subject, tagger = line.split("\0")
        if name == "refs/remotes/origin/HEAD" and symref:
            origin_head = symref.removeprefix("refs/remotes/")
        elif name.startswith("refs/heads/"):
            heads.add(name.removeprefix("refs/heads/"))
        elif name.startswith("refs/tags/"):
            tags.append(
                Tag(
                    name=name.removeprefix("refs/tags/"),
                    commit=peeled or target,
                    date=_timestamp(stamp),
                    subject=subject.strip() if peeled else "",
                    tagger=tagger.strip("<>").casefold() if peeled else "",
                )
            )
    mainline = _mainline(repo, origin_head, heads)
    found = _git(
        repo, "rev-parse", "--show-toplevel", "--verify", "--quiet", f"{mainline}^{{commit}}"
    )
    top, _, tip = found.stdout.decode("utf-8", "replace").partition("\n")
    return Repository(
        path=repo,
        top=Path(top.strip() or repo),
        mainline=mainline,
        tip=tip.strip() if found.returncode == 0 and tip.strip() else None,
        user_email=settings.get("user.email") or None,
        remote_url=settings.get("remote.origin.url") or None,
        tags=tuple(tags),
    )


def _mainline(repo: Path, origin_head: str | None, heads: set[str]) -> str:
    """The branch whose history is the team's main line: the local copy of origin's default
    branch unless it is merely behind origin's (then origin's: it has the merged work), the
    remote's when there is no local copy, else ``main``/``master``/``trunk``, else ``HEAD``."""
    if origin_head is not None:
        local = origin_head.split("/", 1)[1]
        if local not in heads:
            return origin_head
        behind = _git(repo, "merge-base", "--is-ancestor", f"refs/heads/{local}", origin_head)
        return origin_head if behind.returncode == 0 else local
    return next((b for b in MAIN_BRANCHES if b in heads), "HEAD")


def _timestamp(text: str) -> dt.datetime:
    """An ISO 8601 time with the offset git recorded (the author's own clock), so its date is
    the day as the author lived it."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def read_history(repo: Repository, authors: frozenset[str]) -> Iterator[Commit]:
    """Every commit of the main line and the tags, newest first, in one streamed ``git log``.

    File changes are kept for commits whose author email is one of ``authors`` (case-folded;
    after the repository's mailmap); other commits come without them. InputError when git
    stops with an error (a broken repository: missing objects, a bad ref).
    """
    if repo.tip is None:
        return
    try:
        process = subprocess.Popen(
            ["git", "-C", str(repo.path), *LOG_OPTIONS, repo.mainline, "--tags", "--"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=_environment(),
        )
    except FileNotFoundError:
        raise InputError(_NO_GIT) from None
    assert process.stdout is not None and process.stderr is not None
    try:
        yield from _parse(_tokens(process.stdout), authors)
    finally:
        process.stdout.close()
        stderr = process.stderr.read()
        process.stderr.close()
        code = process.wait()
    if code != 0:
        raise InputError(
            f"{repo.path}: git cannot read the history, the repository looks broken"
            f" ({_first_line(stderr)})"
        )


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """The NUL-separated fields of git's output, read in blocks as git writes them."""
    read = stream.read
    rest = b""
    while block := read(_READ_SIZE):
        parts = (rest + block).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


_HEADER_FIELDS = 7


def _parse(tokens: Iterator[bytes], authors: frozenset[str]) -> Iterator[Commit]:
    """Commits from the token stream: a header of seven fields (the first starting with the
    record mark), then numstat entries ``added<TAB>removed<TAB>path`` or, for a rename,
    ``added<TAB>removed<TAB>`` followed by the old and the new path as two more tokens."""
    header: list[bytes] = []
    files: list[FileChange] = []
    mine = False
    for token in tokens:
        if token.startswith(b"\x1e") or (header and len(header) < _HEADER_FIELDS):
            if token.startswith(b"\x1e"):
                if len(header) == _HEADER_FIELDS:
                    yield _commit(header, files)
                header, files = [token[1:]], []
            else:
                header.append(token)
                if len(header) == 3:
                    mine = token.decode("utf-8", "replace").casefold() in authors
            continue
        token = token.lstrip(b"\n")
        if not token:
            continue
        added, _, rest = token.partition(b"\t")
        removed, _, path = rest.partition(b"\t")
        old = b""
        if not path:  # a rename or copy: the old and the new path follow
            old = next(tokens, b"")
            path = next(tokens, b"")
        if mine:
            files.append(
                FileChange(
                    path.decode("utf-8", "replace"),
                    _count(added),
                    _count(removed),
                    old.decode("utf-8", "replace") if old else None,
                )
            )
    if len(header) == _HEADER_FIELDS:
        yield _commit(header, files)


def _count(text: bytes) -> int | None:
    return int(text) if text.isdigit() else None


def _commit(header: list[bytes], files: list[FileChange]) -> Commit:
    sha, parents, email, name, authored, committed, message = (
        field.decode("utf-8", "replace") for field in header
    )
    return Commit(
        sha=sha,
        parents=tuple(parents.split()),
        email=email.casefold(),
        name=name,
        authored=_timestamp(authored),
        committed=_timestamp(committed),
        message=message.strip(),
        files=tuple(files),
    )
