"""HTTP to the CivDesk Hub with the standard library (a desk needs nothing extra to sync).

Every request but enrolment and the health check is signed with the desk's key. A refusal
(4xx) becomes ``SyncRefused`` with the hub's one-line reason; a hub that cannot be reached, or
fails (5xx), becomes ``HubUnreachable``, which a later sync retries. Over HTTPS the hub's
certificate must be vouched for by the system's authorities or by the CA file given at enrolment
(``--ca-file``, kept with the enrolment) or in $CIVDESK_HUB_CA; one it cannot vouch for is a
refusal (``SyncRefused``), never retried silently.
"""

from __future__ import annotations

import json
import os
import ssl
import urllib.error
import urllib.parse
import urllib.request

from ..hub import protocol
from .errors import InputError

TIMEOUT = 60
CA_ENV = "CIVDESK_HUB_CA"  # a PEM file of the authorities that vouch for the hub's HTTPS certificate


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


def tls_context(ca_file: str | None) -> ssl.SSLContext | None:
    """The HTTPS trust for the hub: the system's authorities, or those in ``ca_file`` (a PEM
    bundle, e.g. the organisation's own CA or the hub's self-signed certificate)."""
    if not ca_file:
        return None
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as e:
        raise InputError("sync.ca_file_unreadable", path=ca_file, reason=e) from None


def _tls_refusal(url: str, e: BaseException) -> SyncRefused | None:
    reason = getattr(e, "reason", e)
    if isinstance(reason, ssl.SSLCertVerificationError):
        return SyncRefused(
            "sync_client.hub_certificate_untrusted", 495, url=url, reason=reason.verify_message, env=CA_ENV
        )
    if isinstance(reason, ssl.SSLError):
        return SyncRefused("sync_client.no_secure_connection", 495, url=url, reason=str(reason.reason or reason))
    return None


class Client:
    def __init__(
        self,
        url: str,
        key_pem: str | None = None,
        fingerprint: str | None = None,
        timeout: float = TIMEOUT,
        *,
        ca_file: str | None = None,
    ):
        self.url = normalise_url(url)
        self.context = tls_context(ca_file or os.environ.get(CA_ENV))
        self.key = protocol.load_key(key_pem) if key_pem else None
        self.fingerprint = fingerprint
        self.timeout = timeout
        self._base_path = urllib.parse.urlsplit(self.url).path
        self._max: int | None = None

    def _open(
        self,
        method: str,
        route: str,
        body: bytes = b"",
        *,
        signed: bool = True,
        content_type: str = "application/octet-stream",
    ) -> tuple[bytes, dict]:
        target = f"{self._base_path}{protocol.API}{route}"
        headers = {"Content-Type": content_type, "User-Agent": "CivDesk"}
        if signed:
            headers.update(protocol.sign_request(self.key, self.fingerprint, method, target, body))
        req = urllib.request.Request(
            self.url + protocol.API + route, data=body if method == "POST" else None, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout, context=self.context) as resp:
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
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
            refused = _tls_refusal(self.url, e)
            if refused:
                raise refused from None
            reason = getattr(e, "reason", e)
            raise HubUnreachable("sync_client.hub_at_cannot_reached", url=self.url, reason=reason) from None

    def health(self) -> dict:
        raw, _ = self._open("GET", "/health", signed=False)
        return json.loads(raw)

    def max_push_bytes(self) -> int:
        if self._max is None:
            self._max = int(self.health().get("max_push_bytes") or protocol.MAX_PUSH_BYTES)
        return self._max

    def enrol(self, code: str, cert_pem: str, home_root: str | None = None) -> dict:
        body = json.dumps(
            {
                "code": code,
                "certificate": cert_pem,
                "home_root": home_root,
                "proof": protocol.proof(self.key, code, cert_pem, home_root),
            }
        ).encode()
        raw, _ = self._open("POST", "/enrol", body, signed=False, content_type="application/json")
        return json.loads(raw)

    def push(self, bundle: bytes) -> dict:
        if self._max is not None and len(bundle) > self._max:
            raise SyncRefused(
                "sync_client.push_mib_more_than", 413, value=len(bundle) / 2**20, value2=self._max / 2**20
            )
        raw, _ = self._open("POST", "/push", bundle, content_type="application/zip")
        return json.loads(raw)

    def pull(self, after: int) -> bytes:
        raw, _ = self._open("GET", f"/pull?after={int(after)}")
        return raw

    def certify_home_root(self, pem: str) -> str:
        raw, _ = self._open("POST", "/root", json.dumps({"home_root": pem}).encode(), content_type="application/json")
        return json.loads(raw)["intermediate"]

    def figures(self) -> dict:
        raw, _ = self._open("GET", "/figures")
        return json.loads(raw)

    def publish(self, bundle: bytes) -> dict:
        raw, _ = self._open("POST", "/templates", bundle, content_type="application/zip")
        return json.loads(raw)
