"""Downloads against a local HTTP server: progress, resume, cancel, checksums, mirrors, offline, Google Drive pages."""
from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import cli.models_cmd
from cli.models_cmd import register
from core.errors import DownloadCancelledError, ModelError, ModelNotFoundError
from pipeline.download import CHUNK, fetch, verify
from pipeline.registry import ModelRegistry
from tests.http_fake import PAYLOAD, PAYLOAD_SHA, WAIT_S, FakeServer, Reply, make_spec, no_proxy, serve, unused_port, wait_until


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    no_proxy(monkeypatch)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    yield from serve()


def test_fetch_downloads_verifies_and_shows_progress(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/model.pt"] = lambda q: Reply()
    path = fetch(make_spec(server.url("/model.pt")), tmp_path / "models", progress=True)
    assert path == tmp_path / "models" / "fake_model.pt"
    assert path.read_bytes() == PAYLOAD
    assert not (tmp_path / "models" / "fake_model.pt.part").exists()
    assert "fake-model" in capsys.readouterr().err


def test_fetch_resumes_a_partial_file(server: FakeServer, tmp_path: Path) -> None:
    server.routes["/model.pt"] = lambda q: Reply()
    (tmp_path / "fake_model.pt.part").write_bytes(PAYLOAD[:100_000])
    path = fetch(make_spec(server.url("/model.pt")), tmp_path, progress=False)
    assert path.read_bytes() == PAYLOAD
    assert server.seen[-1].headers.get("Range") == "bytes=100000-"


def test_cancel_keeps_the_part_file_and_the_next_fetch_resumes(server: FakeServer, tmp_path: Path) -> None:
    gate, cancel = threading.Event(), threading.Event()
    server.routes["/model.pt"] = lambda q: Reply(gate=gate)
    spec = make_spec(server.url("/model.pt"))
    part = tmp_path / "fake_model.pt.part"
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(fetch, spec, tmp_path, False, cancel=cancel)
        wait_until(lambda: part.is_file() and part.stat().st_size >= CHUNK)
        cancel.set()
        gate.set()  # more bytes arrive after the cancel: the next chunk stops the download
        with pytest.raises(DownloadCancelledError, match="fake-model cancelled"):
            running.result(timeout=WAIT_S)
    kept = part.stat().st_size
    assert 0 < kept < len(PAYLOAD)
    assert not (tmp_path / "fake_model.pt").exists()

    path = fetch(spec, tmp_path, progress=False)
    assert server.seen[-1].headers.get("Range") == f"bytes={kept}-"
    assert path.read_bytes() == PAYLOAD and verify(spec, path).sha256_ok
    assert not part.exists()


def test_a_cancelled_fetch_sends_no_request(server: FakeServer, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelledError):
        fetch(make_spec(server.url("/model.pt")), tmp_path, progress=False, cancel=cancel)
    assert server.seen == []


def test_fetch_restarts_when_the_server_ignores_range(server: FakeServer, tmp_path: Path) -> None:
    server.routes["/model.pt"] = lambda q: Reply(ranges=False)
    (tmp_path / "fake_model.pt.part").write_bytes(b"stale bytes")
    path = fetch(make_spec(server.url("/model.pt")), tmp_path, progress=False)
    assert path.read_bytes() == PAYLOAD


def test_fetch_restarts_when_the_range_is_rejected(server: FakeServer, tmp_path: Path) -> None:
    server.routes["/model.pt"] = lambda q: Reply()
    (tmp_path / "fake_model.pt.part").write_bytes(PAYLOAD + b"junk")
    path = fetch(make_spec(server.url("/model.pt"), size=None), tmp_path, progress=False)
    assert path.read_bytes() == PAYLOAD
    assert [s.headers.get("Range") for s in server.seen] == [f"bytes={len(PAYLOAD) + 4}-", None]


def test_checksum_mismatch_deletes_the_download(server: FakeServer, tmp_path: Path) -> None:
    server.routes["/model.pt"] = lambda q: Reply()
    wrong = "0" * 64
    with pytest.raises(ModelError) as info:
        fetch(make_spec(server.url("/model.pt"), sha256=wrong), tmp_path, progress=False)
    message = str(info.value)
    assert f"expected {wrong}, got {PAYLOAD_SHA}" in message
    assert str(tmp_path / "fake_model.pt") in message
    assert list(tmp_path.iterdir()) == []


def test_next_mirror_is_tried(server: FakeServer, tmp_path: Path) -> None:
    server.routes["/good.pt"] = lambda q: Reply()
    path = fetch(make_spec(server.url("/missing.pt"), server.url("/good.pt")), tmp_path, progress=False)
    assert path.read_bytes() == PAYLOAD
    assert [s.path for s in server.seen] == ["/missing.pt", "/good.pt"]


def test_all_mirrors_failing_names_each_reason(server: FakeServer, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"missing\.pt \(HTTP 404 Not Found\)"):
        fetch(make_spec(server.url("/missing.pt")), tmp_path, progress=False)


@pytest.mark.parametrize("url", [f"http://127.0.0.1:{unused_port()}/model.pt", "http://10.255.255.1/model.pt"])
def test_offline_gives_one_clear_line(url: str, tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        fetch(make_spec(url), tmp_path, progress=False, timeout=(0.5, 0.5))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"could not download fake-model from {url} (")
    assert message.endswith(f"Download it by hand and place it at {tmp_path / 'fake_model.pt'}")


def test_model_without_url_must_be_placed_by_hand(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match=r"place the file by hand at .*fake_model\.pt"):
        fetch(make_spec(), tmp_path)


def test_a_verified_file_is_not_downloaded_again(server: FakeServer, tmp_path: Path) -> None:
    (tmp_path / "fake_model.pt").write_bytes(PAYLOAD)
    assert fetch(make_spec(server.url("/model.pt")), tmp_path, progress=False) == tmp_path / "fake_model.pt"
    assert server.seen == []


DRIVE_LINK = "https://drive.google.com/file/d/FAKEID/view?usp=sharing"

NEW_WARNING_PAGE = """<!DOCTYPE html><html><head><title>Google Drive - Virus scan warning</title></head><body>
<p>Google Drive can't scan this file for viruses.</p>
<form id="download-form" action="{base}/download" method="get">
<input type="submit" id="uc-download-link" value="Download anyway"/>
<input type="hidden" name="id" value="FAKEID"><input type="hidden" name="export" value="download">
<input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="1234-abcd">
</form></body></html>"""


def test_google_drive_virus_scan_form(server: FakeServer, tmp_path: Path) -> None:
    server.routes["/uc"] = lambda q: Reply(NEW_WARNING_PAGE.format(base=server.base).encode(), content_type="text/html")
    server.routes["/download"] = lambda q: Reply() if q.get("uuid") == "1234-abcd" else Reply(b"no", 403)
    path = fetch(make_spec(DRIVE_LINK), tmp_path, progress=False, drive_base=server.base)
    assert path.read_bytes() == PAYLOAD
    assert server.seen[0].query == {"export": "download", "id": "FAKEID"}
    assert server.seen[1].query == {"id": "FAKEID", "export": "download", "confirm": "t", "uuid": "1234-abcd"}


def test_google_drive_old_confirm_cookie(server: FakeServer, tmp_path: Path) -> None:
    def uc(query: dict[str, str]) -> Reply:
        if query.get("confirm") == "Tok3n":
            return Reply()
        page = b"<html><title>Google Drive</title><a href='/uc?export=download&amp;id=FAKEID'>Download</a></html>"
        return Reply(page, content_type="text/html", headers={"Set-Cookie": "download_warning_42_FAKEID=Tok3n; Path=/"})

    server.routes["/uc"] = uc
    path = fetch(make_spec(DRIVE_LINK), tmp_path, progress=False, drive_base=server.base)
    assert path.read_bytes() == PAYLOAD
    assert server.seen[1].query == {"export": "download", "id": "FAKEID", "confirm": "Tok3n"}


def test_google_drive_refusal_page(server: FakeServer, tmp_path: Path) -> None:
    page = b"<html><head><title>Google Drive - Quota exceeded</title></head><body>Too many users</body></html>"
    server.routes["/uc"] = lambda q: Reply(page, content_type="text/html")
    with pytest.raises(ModelError, match="web page instead of the file: Google Drive - Quota exceeded"):
        fetch(make_spec(DRIVE_LINK), tmp_path, progress=False, drive_base=server.base)


def test_verify_reports_each_check(tmp_path: Path) -> None:
    path = tmp_path / "fake_model.pt"
    missing = verify(make_spec(), path)
    assert (missing.present, missing.ok) == (False, False)
    path.write_bytes(PAYLOAD)
    good = verify(make_spec(), path)
    assert (good.ok, good.size_ok, good.sha256_ok) == (True, True, True)
    unknown = verify(make_spec(sha256="", size=None), path)
    assert unknown.ok and unknown.sha256_ok is None and "sha256 unknown" in unknown.message
    path.write_bytes(PAYLOAD[:-1] + b"!")
    tampered = verify(make_spec(), path)
    assert (tampered.ok, tampered.size_ok, tampered.sha256_ok) == (False, True, False)
    assert "sha256 mismatch" in tampered.message
    path.write_bytes(b"short")
    assert verify(make_spec(), path).size_ok is False


def test_cli_fetch(server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> None:
    server.routes["/model.pt"] = lambda q: Reply()
    registry = ModelRegistry(models=(make_spec(server.url("/model.pt")),))
    monkeypatch.setattr(cli.models_cmd, "default_registry", lambda: registry)
    parser = argparse.ArgumentParser()
    parser.add_argument("--models-dir", type=Path)
    register(parser.add_subparsers(dest="command", required=True))

    args = parser.parse_args(["--models-dir", str(tmp_path), "models", "fetch", "--all-missing"])
    assert args.handler(args) == 0
    assert (tmp_path / "fake_model.pt").read_bytes() == PAYLOAD
    assert "sha256 matches" in capsys.readouterr().out

    args = parser.parse_args(["--models-dir", str(tmp_path), "models", "fetch", "--all-missing"])
    assert args.handler(args) == 0
    assert "nothing to fetch" in capsys.readouterr().out

    (tmp_path / "fake_model.pt").unlink()
    server.routes.clear()
    args = parser.parse_args(["--models-dir", str(tmp_path), "models", "fetch", "fake-model"])
    assert args.handler(args) == 1
    assert "HTTP 404" in capsys.readouterr().err

    args = parser.parse_args(["--models-dir", str(tmp_path), "models", "fetch"])
    with pytest.raises(ModelError, match="--all-missing"):
        args.handler(args)


def test_a_file_the_registry_pins_no_sha256_for_is_checked_against_its_first_download(server: FakeServer, tmp_path: Path) -> None:
    server.routes["/model.pt"] = lambda q: Reply()
    spec = make_spec(server.url("/model.pt"), sha256=None, size=None)
    path = fetch(spec, tmp_path, progress=False)
    result = verify(spec, path)
    assert result.ok and result.sha256_ok and "downloaded here, unchanged" in result.message
    path.write_bytes(PAYLOAD[:-1] + b"!")  # swapped on disk later, same size
    changed = verify(spec, path)
    assert not changed.ok and "changed since it was downloaded" in changed.message
    assert fetch(spec, tmp_path, progress=False).read_bytes() == PAYLOAD  # fetch replaces the swapped file
