"""Pages the hub sent, checked against the hub key this desk pinned at enrolment.

A page pulled by a sync (services.sync) and a page kept under ``<home>/sync/`` for its conflicts,
opened later with 导入 (services.bundles.import_bundle), pass the same check: every check of a
.civpack import, the hub's signature, and no certificate given to another user than the one this
home knows it by (hub.trust.check_bundle); ``hub.trust.hub_verdict`` then says how it lands.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..hub import protocol, trust
from ..store import Store
from ..store import keys as key_repo
from .exchange.bundle_format import Bundle, BundleRefused
from .sync_client import SyncRefused
from .sync_state import config


def certificate_owner(store: Store, fp: str) -> str | None:
    """The login name this home gives the certificate ``fp`` (None when it does not know it)."""
    return key_repo.owner_name(store.conn, fp)


def check_page(store: Store, path: Path | str, hub_fingerprint: str) -> Bundle:
    """The checked page; BundleRefused naming the first fault."""
    return trust.check_bundle(path, hub_fingerprint, certificate_owner=lambda fp: certificate_owner(store, fp))


def read_kept_page(store: Store, path: Path | str):
    """A page the hub sent, kept under ``sync/`` for its conflicts and opened with 导入: checked
    against the pinned hub key (it names no user as its signer); (bundle, verdict), or None for
    any other file."""
    cfg = config(store)
    if not cfg:
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("manifest.json")
            if info.file_size > protocol.MAX_JSON_BYTES * 1024:
                return None
            exporter = json.loads(zf.read(info)).get("exporter")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    if not isinstance(exporter, dict) or exporter.get("certificate") != cfg["hub_fingerprint"]:
        return None
    try:
        bundle = check_page(store, path, cfg["hub_fingerprint"])
        return bundle, trust.hub_verdict(store, bundle, cfg["hub_fingerprint"])
    except BundleRefused as e:
        raise SyncRefused("sync.kept_page_from_hub", reason=e.reason) from None
