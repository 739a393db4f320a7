"""A very small Chrome DevTools Protocol client for headless Chromium.

Starts ``/usr/bin/chromium`` with networking off (``--remote-debugging-port=0``
and a throwaway profile), talks CDP over one websocket (``websocket-client``),
records every network request the page makes, and offers ``load``,
``evaluate``, ``screenshot`` and mouse helpers. Used by the browser tests and
``scripts/screenshot_views.py``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Self

CHROMIUM = os.environ.get("NEWSKG_CHROMIUM", "/usr/bin/chromium")


def chromium_path() -> str | None:
    """The Chromium binary, or None when it is not installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


class CDPError(RuntimeError):
    """A CDP command failed or timed out."""


class Chromium:
    """One headless Chromium with one page target, driven over CDP."""

    def __init__(self, width: int = 1400, height: int = 900, timeout: float = 30.0) -> None:
        import websocket  # websocket-client

        exe = chromium_path()
        if exe is None:
            raise FileNotFoundError("chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="nkg-chromium-")
        args = [
            exe,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--metrics-recording-only",
            "--mute-audio",
            "--hide-scrollbars",
            "--allow-file-access-from-files",
            # no route out: unresolvable hosts and a dead proxy
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise CDPError("chromium did not start")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=timeout, suppress_origin=True)
        self._id = 0
        self.events: list[dict[str, Any]] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.exceptions: list[str] = []
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=None)
        self.session = self.send(
            "Target.attachToTarget",
            {"targetId": target["targetId"], "flatten": True},
            session=None,
        )["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Network.emulateNetworkConditions",
            {
                "offline": True,
                "latency": 0,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            },
        )
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    # -- protocol -----------------------------------------------------------

    def _handle_event(self, msg: dict[str, Any]) -> None:
        method, params = msg.get("method", ""), msg.get("params", {})
        self.events.append(msg)
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(params["url"])
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(params.get("message", ""))
            self.send("Page.handleJavaScriptDialog", {"accept": True}, wait=False)
        elif method == "Runtime.consoleAPICalled":
            self.console.append(" ".join(str(a.get("value", "")) for a in params.get("args", [])))
        elif method == "Log.entryAdded":
            self.console.append(params["entry"].get("text", ""))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None | bool = True,
        wait: bool = True,
    ) -> dict[str, Any]:
        """Send one command and return its result (events are recorded meanwhile)."""
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session is True:
            msg["sessionId"] = self.session
        elif isinstance(session, str):
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        if not wait:
            return {}
        want = self._id
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == want:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._handle_event(reply)

    def evaluate(self, expression: str, await_promise: bool = False) -> Any:
        """Evaluate JS in the page and return its JSON value."""
        res = self.send(
            "Runtime.evaluate",
            {
                "expression": expression,
                "returnByValue": True,
                "awaitPromise": await_promise,
            },
        )
        if "exceptionDetails" in res:
            raise CDPError(f"JS error: {res['exceptionDetails']}")
        return res.get("result", {}).get("value")

    # -- page helpers ---------------------------------------------------------

    def load(self, path: Path, ready: str = "window.__nkgReady", timeout: float = 60.0) -> float:
        """Open a file and wait until ``ready`` is truthy; return wall seconds."""
        url = Path(path).resolve().as_uri()
        start = time.monotonic()
        self.send("Page.navigate", {"url": url})
        while time.monotonic() - start < timeout:
            try:
                if self.evaluate(f"document.location.href === {json.dumps(url)} && !!({ready})"):
                    return time.monotonic() - start
            except CDPError:
                pass
            time.sleep(0.05)
        raise CDPError(f"{path} not ready after {timeout} s")

    def screenshot(self, out: Path) -> Path:
        """Save a PNG of the viewport."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        Path(out).write_bytes(base64.b64decode(data))
        return Path(out)

    def click(self, x: float, y: float) -> None:
        """A left click at viewport coordinates."""
        self.move(x, y)
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    def move(self, x: float, y: float) -> None:
        """Move the mouse (hover) to viewport coordinates."""
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def pump(self, seconds: float) -> None:
        """Let the page run for a while, still recording events."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.evaluate("1")
            time.sleep(0.05)

    def close(self) -> None:
        """Stop Chromium and remove its profile."""
        ws = getattr(self, "ws", None)
        if ws is not None:
            with contextlib.suppress(Exception):  # closing anyway
                self.send("Browser.close", session=None, wait=False)
            ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
