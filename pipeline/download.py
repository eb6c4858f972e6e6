"""Model downloads and checks: mirrors in turn, HTTP Range resume, Google Drive confirmation pages, sha256."""
from __future__ import annotations

import json
import os
import re
import shutil
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import requests
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from core.errors import DownloadCancelledError, ModelError, ModelNotFoundError
from pipeline.registry import ModelSpec, sha256_file

DRIVE_BASE = "https://drive.google.com"
DRIVE_HOSTS = {"drive.google.com", "docs.google.com"}
TIMEOUT = (15.0, 60.0)  # seconds: connect, between bytes
CHUNK = 1 << 16  # bytes per read; a cancel is noticed between reads
USER_AGENT = "face-kiosk model downloader (python-requests)"


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify`` found; ``None`` means "not checked" (unknown size or checksum, or no file)."""

    name: str
    path: Path
    present: bool
    size_ok: bool | None
    sha256_ok: bool | None
    message: str

    @property
    def ok(self) -> bool:
        """Present and no check failed (an unknown checksum is not a failure)."""
        return self.present and self.size_ok is not False and self.sha256_ok is not False


class _DownloadError(Exception):
    """One mirror did not deliver the file; the message is the reason."""


class _RangeRejectedError(_DownloadError):
    """The server cannot continue the partial file (HTTP 416)."""


FIRST_DOWNLOADS = ".first-downloads.json"  # per models folder: sha256 and size of files the registry pins none for


def first_download(path: Path) -> tuple[str, int] | None:
    """The sha256 and size recorded when ``path`` was downloaded, for a registry entry without a pinned sha256."""
    try:
        found = json.loads((path.parent / FIRST_DOWNLOADS).read_text(encoding="utf-8")).get(path.name)
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(found, dict) or not isinstance(found.get("sha256"), str) or not isinstance(found.get("size"), int):
        return None
    return found["sha256"], found["size"]


def _record_first_download(path: Path, url: str) -> None:
    """Remember what was downloaded, so a file swapped later fails ``verify`` (trust on first download)."""
    record = path.parent / FIRST_DOWNLOADS
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
        known = known if isinstance(known, dict) else {}
    except (OSError, ValueError):
        known = {}
    known[path.name] = {"sha256": sha256_file(path), "size": path.stat().st_size, "url": url}
    temporary = record.with_name(record.name + ".tmp")
    try:
        temporary.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, record)
    except OSError:  # the file is in place; it only stays unverifiable, as without this record
        temporary.unlink(missing_ok=True)


def verify(spec: ModelSpec, path: Path) -> VerifyResult:
    """Check a file against the registry's size and sha256 (whichever are known)."""
    path = Path(path)
    if not path.is_file():
        return VerifyResult(spec.name, path, False, None, None, f"not present at {path}")
    size = path.stat().st_size
    size_ok = None if spec.size is None else size == spec.size
    if size_ok is False:
        message = f"size mismatch: expected {spec.size} bytes, got {size}"
        return VerifyResult(spec.name, path, True, False, None if spec.sha256 is None else False, message)
    if spec.sha256 is None:
        first = first_download(path)
        if first is not None:  # not the registry's word, but the bytes this folder downloaded
            if (sha256_file(path), size) != first:
                return VerifyResult(spec.name, path, True, size == first[1], False, "changed since it was downloaded (sha256 differs from the one recorded then)")
            return VerifyResult(spec.name, path, True, True, True, "ok: the file downloaded here, unchanged (the registry pins no sha256 for it)")
        checked = "size matches" if size_ok else f"{size} bytes, size unknown"
        message = f"{checked}; sha256 unknown, so the contents are not verified (only presence and size)"
        return VerifyResult(spec.name, path, True, size_ok, None, message)
    digest = sha256_file(path)
    if digest != spec.sha256:
        message = f"sha256 mismatch: expected {spec.sha256}, got {digest}"
        return VerifyResult(spec.name, path, True, size_ok, False, message)
    return VerifyResult(spec.name, path, True, size_ok, True, "ok: sha256 matches")


def fetch(
    spec: ModelSpec,
    dest_dir: Path,
    progress: bool = True,
    *,
    session: requests.Session | None = None,
    drive_base: str = DRIVE_BASE,
    timeout: tuple[float, float] = TIMEOUT,
    cancel: threading.Event | None = None,
) -> Path:
    """Download ``spec`` into ``dest_dir`` (trying each mirror) and return its path.

    The file is written to ``<file>.part`` (continued with an HTTP Range request when a partial
    file can be trusted), checked against the registry size and sha256, then renamed into place.
    A file already there that passes ``verify`` is kept. ``drive_base`` replaces
    ``https://drive.google.com`` in Google Drive links (tests point it at a local server). Setting
    ``cancel`` stops the download before the next mirror, request or chunk with ``DownloadCancelledError``;
    the ``.part`` file is kept for the next fetch to resume.
    """
    dest = Path(dest_dir) / spec.filename
    if not spec.urls:
        raise ModelNotFoundError(f"model {spec.name} has no public download: place the file by hand at {dest}")
    if dest.is_file() and verify(spec, dest).ok:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    http = session or requests.Session()
    http.headers.setdefault("User-Agent", USER_AGENT)
    failures = []
    try:
        for url in spec.urls:
            _stop_if_cancelled(cancel, spec, part)
            try:
                _download(http, _direct_url(url, drive_base), part, spec, progress, timeout, cancel)
                _check(part, spec)
            except (OSError, _DownloadError) as exc:  # requests' exceptions are OSErrors
                failures.append(f"{url} ({_reason(exc)})")
                continue
            os.replace(part, dest)
            if spec.sha256 is None:
                _record_first_download(dest, url)
            return dest
    finally:
        if session is None:
            http.close()
    raise ModelError(
        f"could not download {spec.name} from {'; '.join(failures)}. Download it by hand and place it at {dest}"
    )


def _download(
    http: requests.Session,
    url: str,
    part: Path,
    spec: ModelSpec,
    progress: bool,
    timeout: tuple[float, float],
    cancel: threading.Event | None,
) -> None:
    offset = part.stat().st_size if part.is_file() and resumable(spec) else 0
    if spec.size is not None and offset >= spec.size:
        offset = 0
    try:
        response = _open(http, url, offset, timeout)
    except _RangeRejectedError:
        _stop_if_cancelled(cancel, spec, part)
        offset = 0
        response = _open(http, url, offset, timeout)
    with response:
        if response.status_code != 206:  # the server sent the whole file
            offset = 0
        length = response.headers.get("Content-Length")
        total = offset + int(length) if length and length.isdigit() else spec.size
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
        )
        with (
            part.open("ab" if offset else "wb") as out,
            Progress(*columns, console=Console(stderr=True), disable=not progress) as bar,
        ):
            task = bar.add_task(spec.name, total=total, completed=offset)
            for chunk in response.iter_content(CHUNK):
                _stop_if_cancelled(cancel, spec, part)
                out.write(chunk)
                bar.advance(task, len(chunk))


def _stop_if_cancelled(cancel: threading.Event | None, spec: ModelSpec, part: Path) -> None:
    if cancel is not None and cancel.is_set():
        raise DownloadCancelledError(f"download of {spec.name} cancelled; its partial file {part} is kept")


def resumable(spec: ModelSpec) -> bool:
    """A partial file may be continued when the result is checked, or when it can only come from one URL."""
    return spec.sha256 is not None or len(spec.urls) == 1


def _check(part: Path, spec: ModelSpec) -> None:
    result = verify(spec, part)
    if not result.ok:
        part.unlink(missing_ok=True)
        raise _DownloadError(result.message)


def _open(http: requests.Session, url: str, offset: int, timeout: tuple[float, float]) -> requests.Response:
    """GET the file, following a Google Drive "can't scan for viruses" page to the real download."""
    for _ in range(3):
        response = _get(http, url, offset, timeout)
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            return response
        page = response.text
        response.close()
        next_url = _confirmation_url(url, page, response.cookies)
        if next_url is None:
            raise _DownloadError(f"got a web page instead of the file: {_title(page) or 'no title'}")
        url = next_url
    raise _DownloadError("too many confirmation pages")


def _get(http: requests.Session, url: str, offset: int, timeout: tuple[float, float]) -> requests.Response:
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    response = http.get(url, headers=headers, stream=True, timeout=timeout)
    if response.status_code == 416 and offset:
        response.close()
        raise _RangeRejectedError("HTTP 416")
    if response.status_code >= 400:
        response.close()
        raise _DownloadError(f"HTTP {response.status_code} {response.reason}")
    return response


def _direct_url(url: str, drive_base: str) -> str:
    """Turn a Google Drive share link into its download endpoint; other URLs are returned unchanged."""
    parts = urlsplit(url)
    if parts.hostname not in DRIVE_HOSTS:
        return url
    match = re.search(r"/file/d/([\w-]+)", parts.path)
    file_id = match.group(1) if match else parse_qs(parts.query).get("id", [""])[0]
    if not file_id:
        return url
    return f"{drive_base.rstrip('/')}/uc?{urlencode({'export': 'download', 'id': file_id})}"


class _FormParser(HTMLParser):
    """Collects the Drive download form: its action and hidden inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form" and self.action is None:
            action = values.get("action", "")
            if values.get("id") == "download-form" or "download" in action:
                self.action = action
                self._in_form = True
        elif tag == "input" and self._in_form and values.get("type") == "hidden" and values.get("name"):
            self.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def _confirmation_url(url: str, page: str, cookies: requests.cookies.RequestsCookieJar) -> str | None:
    """The URL that confirms a Drive download: the new form (id/export/confirm/uuid) or an old confirm token."""
    form = _FormParser()
    form.feed(page)
    if form.action:
        return f"{urljoin(url, form.action)}?{urlencode(form.fields)}"
    token = next((v for k, v in cookies.items() if k.startswith("download_warning")), None)
    if token is None:
        match = re.search(r"confirm=([\w-]+)", page)
        token = match.group(1) if match else None
    if token is None:
        return None
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | {"confirm": token}
    return urlunsplit(parts._replace(query=urlencode(query)))


def _title(page: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", page, re.IGNORECASE | re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""


def _reason(exc: BaseException) -> str:
    """A short, one-line reason for a failed download."""
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError) and exc.args:
        inner = getattr(exc.args[0], "reason", exc.args[0])
        text = re.sub(r"^(<[^>]*>|\w+\([^)]*\)):\s*", "", str(inner))
        return f"no connection: {text}"
    return " ".join(str(exc).split()) or type(exc).__name__


def place_file(source: Path, specs: list[ModelSpec], dest_dir: Path) -> tuple[ModelSpec, Path]:
    """Copy a model file the admin has into ``dest_dir`` under its registry name, so the kiosk, ``models
    list`` and ``models verify`` all find it there; returns the model it is and where it now lies.

    The file is recognised by its sha256 among the pinned models, else by its file name; a file named like
    a pinned model whose bytes differ is refused (it is not the published file), as is a file the registry
    does not know. The copy goes to ``<file>.part`` first and is moved into place once complete.
    """
    source = Path(source)
    if not source.is_file():
        raise ModelError(f"{source}: no such file")
    size = source.stat().st_size
    digest = sha256_file(source) if any(s.sha256 and s.size in (None, size) for s in specs) else None
    spec = next((s for s in specs if s.sha256 is not None and s.sha256 == digest), None)
    if spec is None:
        spec = next((s for s in specs if s.filename == source.name), None)
        if spec is None:
            raise ModelError(f"{source.name} is not a model the kiosk knows (see `models list` for the files it uses)")
        if spec.sha256 is not None:
            raise ModelError(f"{source.name} is not the published {spec.name}: its sha256 differs, the file is damaged or another model")
    target = Path(dest_dir) / spec.filename
    if target.is_file() and target.resolve() == source.resolve():
        return spec, target
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f"{target.name}.part")
    try:
        shutil.copyfile(source, part)
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ModelError(f"cannot copy {source.name} into {dest_dir}: {exc.strerror or exc}") from None
    return spec, target
