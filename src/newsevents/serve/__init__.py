"""The HTTP API and the web dashboard: the store's queries over HTTP, for a browser on this machine.

FastAPI and uvicorn are imported only here. The dashboard is static files (``static/``) that call the API;
its browser libraries are vendored from the npm registry (``static/vendor``), so nothing is fetched from
elsewhere and it works offline.
"""

from __future__ import annotations

from .api import DEFAULT_MAX_UPLOAD_BYTES, create_app
from .server import LOOPBACK, Dashboard, run

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "LOOPBACK", "Dashboard", "create_app", "run"]
