"""Running the app: uvicorn on a socket we bind ourselves, in the foreground (`serve`) or a thread."""

from __future__ import annotations

import errno
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from typing import Any

import uvicorn

from ..errors import NewsEventsError
from ..store import Store
from .api import create_app

LOOPBACK = "127.0.0.1"
# Host names a loopback server answers to; any other name in a request's Host is a page elsewhere
# that resolved its own name to 127.0.0.1 (DNS rebinding), and is refused.
_LOOPBACK_NAMES = ["127.0.0.1", "localhost"]
_START_TIMEOUT_S = 30.0


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free port), or an error that says what to do."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise NewsEventsError(f"cannot listen on {host!r}: {error.strerror}", "give an address such as 127.0.0.1") from error
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise NewsEventsError(f"port {port} on {host} is in use", "stop the other server or choose --port") from error
        raise NewsEventsError(f"cannot listen on {host}:{port}: {error.strerror}", "choose another --host or --port") from error
    sock.listen(128)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def _server(store: Store, host: str, options: dict[str, Any]) -> uvicorn.Server:
    loopback = host in (LOOPBACK, "localhost")
    app = create_app(store, allowed_hosts=_LOOPBACK_NAMES if loopback else None, **options)
    # Access lines go to the log only when asked for (--debug): a dashboard makes many requests a view.
    return uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))


def run(
    store: Store,
    host: str = LOOPBACK,
    port: int = 8000,
    open_browser: bool = False,
    announce: Callable[[str], None] | None = None,
    **options: Any,
) -> None:
    """Serve until interrupted; ``announce(url)`` once listening; ``options`` go to create_app."""
    sock = bind(host, port)
    if announce is not None:
        announce(url_of(sock))
    server = _server(store, host, options)
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, url_of(sock)), daemon=True).start()
    server.run(sockets=[sock])


def _open_when_started(server: uvicorn.Server, url: str) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if server.started:
        webbrowser.open(url)


class Dashboard:
    """The server in a background thread (a notebook, a test): ``with Dashboard(store) as d: d.url``."""

    def __init__(self, store: Store, host: str = LOOPBACK, port: int = 0, **options: Any) -> None:
        self._sock = bind(host, port)
        self.url = url_of(self._sock)
        self._server = _server(store, host, options)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    def __enter__(self) -> Dashboard:
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.close()
                raise NewsEventsError(f"the server at {self.url} did not start", "run with --debug to see why")
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=_START_TIMEOUT_S)
        self._sock.close()
