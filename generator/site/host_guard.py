"""A local server answers only requests that name it: no reading the site by DNS rebinding.

A web page on evil.example can make its own name resolve to 127.0.0.1 and then read a
local server as if it were its own origin; the Host header still says evil.example. The
MkDocs server checks that header itself (see mkdocs_adapter). For a builder whose server
cannot be told to (Zensical), `HostGuard` listens on the address the user asked for,
checks the Host header of each connection's first request, and passes accepted
connections through, byte for byte, to the builder's server on a private port (live
reload's WebSocket included). A browser sends one Host per connection, so checking the
first request checks them all.
"""

from __future__ import annotations

import selectors
import socket
import socketserver
import threading
from types import TracebackType

_HEAD_LIMIT = 64 * 1024
_FORBIDDEN = (
    b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n"
    b"Content-Length: 67\r\n\r\n"
    b"Forbidden: this server answers requests for its own address only.\n"
)


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values a local server accepts: its own address, and localhost."""
    names = {host, "localhost", "127.0.0.1", "[::1]"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    return frozenset({*names, *(f"{n}:{port}" for n in names)})


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (for a server only this process talks to)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _host_header(head: bytes) -> str:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"host":
            return value.strip().decode("latin-1").lower()
    return ""


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""
    with selectors.DefaultSelector() as sel:
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        while True:
            for key, _ in sel.select():
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = source.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                key.data.sendall(data)


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        client: socket.socket = self.request
        head = b""
        while b"\r\n\r\n" not in head and len(head) < _HEAD_LIMIT:
            chunk = client.recv(4096)
            if not chunk:
                return
            head += chunk
        if _host_header(head) not in self.server.allowed:
            client.sendall(_FORBIDDEN)
            return
        try:
            upstream = socket.create_connection(self.server.backend, timeout=10)
        except OSError:
            return  # the builder's server is not up (yet): the browser retries
        with upstream:
            upstream.settimeout(None)
            upstream.sendall(head)
            _pipe(client, upstream)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend: tuple[str, int]) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.backend = backend
        self.allowed = allowed_hosts(address[0].lower(), address[1])
        super().__init__(address, _Handler)


class HostGuard:
    """`with HostGuard(("127.0.0.1", 8000), ("127.0.0.1", 54321)):` serves until the end."""

    def __init__(self, address: tuple[str, int], backend: tuple[str, int]) -> None:
        self._server = _Server(address, backend)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HostGuard:
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
