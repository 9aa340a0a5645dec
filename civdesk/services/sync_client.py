"""HTTP to the CivDesk Hub with the standard library (a desk needs nothing extra to sync).

Every request but enrolment and the health check is signed with the desk's key. A refusal
(4xx) becomes ``SyncRefused`` with the hub's one-line reason; a hub that cannot be reached, or
fails (5xx), becomes ``HubUnreachable``, which a later sync retries.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request

from ..hub import protocol
from .errors import InputError

TIMEOUT = 60


class SyncRefused(InputError):
    """The hub (or this desk, checking what the hub sent) refused; nothing was changed."""

    def __init__(self, code: str, /, status: int = 422, **params):
        super().__init__(code, **params)
        self.status = status


class HubUnreachable(InputError):
    """No answer from the hub (network, hub down, PostgreSQL restarting): try again later."""


def normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError("sync_client.hub_address_http_https", url=url)
    return url


class Client:
    def __init__(self, url: str, key_pem: str | None = None, fingerprint: str | None = None,
                 timeout: float = TIMEOUT):
        self.url = normalise_url(url)
        self.key = protocol.load_key(key_pem) if key_pem else None
        self.fingerprint = fingerprint
        self.timeout = timeout
        self._base_path = urllib.parse.urlsplit(self.url).path
        self._max: int | None = None

    def _open(self, method: str, route: str, body: bytes = b"", *, signed: bool = True,
              content_type: str = "application/octet-stream") -> tuple[bytes, dict]:
        target = f"{self._base_path}{protocol.API}{route}"
        headers = {"Content-Type": content_type, "User-Agent": "CivDesk"}
        if signed:
            headers.update(protocol.sign_request(self.key, self.fingerprint, method, target, body))
        req = urllib.request.Request(self.url + protocol.API + route, data=body if method == "POST" else None,
                                     method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                message = json.loads(raw)["error"]
            except (ValueError, KeyError, TypeError):
                message = f"the hub answered {e.code} {e.reason}"
            if e.code >= 500:
                raise HubUnreachable("sync_client.hub_failed", item_code=e.code, message=message) from None
            raise SyncRefused("sync_client.hub_refused", e.code, message=message) from None
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise HubUnreachable("sync_client.hub_at_cannot_reached", url=self.url, reason=reason) from None

    def health(self) -> dict:
        raw, _ = self._open("GET", "/health", signed=False)
        return json.loads(raw)

    def max_push_bytes(self) -> int:
        if self._max is None:
            self._max = int(self.health().get("max_push_bytes") or protocol.MAX_PUSH_BYTES)
        return self._max

    def enrol(self, code: str, cert_pem: str) -> dict:
        body = json.dumps({"code": code, "certificate": cert_pem,
                           "proof": protocol.proof(self.key, code, cert_pem)}).encode()
        raw, _ = self._open("POST", "/enrol", body, signed=False, content_type="application/json")
        return json.loads(raw)

    def push(self, bundle: bytes) -> dict:
        if self._max is not None and len(bundle) > self._max:
            raise SyncRefused("sync_client.push_mib_more_than", 413, value=len(bundle) / 2**20, value2=self._max / 2**20)
        raw, _ = self._open("POST", "/push", bundle, content_type="application/zip")
        return json.loads(raw)

    def pull(self, after: int) -> bytes:
        raw, _ = self._open("GET", f"/pull?after={int(after)}")
        return raw

    def figures(self) -> dict:
        raw, _ = self._open("GET", "/figures")
        return json.loads(raw)

    def publish(self, bundle: bytes) -> dict:
        raw, _ = self._open("POST", "/templates", bundle, content_type="application/zip")
        return json.loads(raw)
