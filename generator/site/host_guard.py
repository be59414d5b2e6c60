"""A local server answers only requests that name it: no reading the site by DNS rebinding.

A web page on evil.example can make its own name resolve to 127.0.0.1 and then read a
local server as if it were its own origin; the Host header still says evil.example. The
MkDocs server checks that header itself (see mkdocs_adapter). Zensical's server cannot
be told to, and any port it listens on, however private, is one such a page can reach;
so with Zensical the built site is served by `GuardedSite`, a static file server that
checks the Host header of every request and answers only files of the folder it serves.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

_FORBIDDEN = b"Forbidden: this server answers requests for its own address only.\n"


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values a local server accepts: its own address, and localhost."""
    names = {host, "localhost", "127.0.0.1", "[::1]"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    return frozenset({*names, *(f"{n}:{port}" for n in names)})


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _Server

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=os.fspath(kwargs.pop("root")), **kwargs)

    def _allowed(self) -> bool:
        if (self.headers.get("Host") or "").strip().lower() in self.server.allowed:
            return True
        self.send_response(403)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(_FORBIDDEN)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(_FORBIDDEN)
        return False

    def do_GET(self) -> None:
        if self._allowed():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._allowed():
            super().do_HEAD()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing file is answered with the site's own 404.html, as a host would."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows the tool's own messages, not every request


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: GuardedSite) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.allowed = allowed_hosts(address[0].lower(), address[1])
        self.site = site
        super().__init__(address, _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The folder is read per request: a rebuilt site is served from its next request.
        handler = functools.partial(_Handler, root=self.site.root)
        handler(request, client_address, self)


class GuardedSite:
    """`with GuardedSite(("127.0.0.1", 8000), folder) as s:` serves `folder` until the
    end; setting `s.root` serves another folder from the next request on."""

    def __init__(self, address: tuple[str, int], root: Path) -> None:
        self.root = root
        self._server = _Server(address, self)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> GuardedSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
