"""Fixtures for exchange between homes. Homes are built once per session and copied per test."""

from __future__ import annotations

import shutil

import pytest

from civdesk import services
from civdesk.services import demo, exchange
from tests.helpers.exchange import build_home_50, copy_home, login


@pytest.fixture(scope="session")
def home50_master(tmp_path_factory, demo_master):
    """Demo home A grown to 50 inspections: the same office (root, people) as ``demo_a``."""
    home = copy_home(demo_master / "A", tmp_path_factory.mktemp("home50") / "A")
    build_home_50(home)
    return home


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory):
    """A demo home (without the demo's year of history: home50_master grows it to exactly 50) and a
    bundle of three of its inspections (two signed, with photos) exported by admin."""
    root = tmp_path_factory.mktemp("demo")
    store = services.open_home(root / "A")
    try:
        demo.fill(store, history=False)
        signed = [r[0] for r in store.conn.execute("SELECT id FROM inspections WHERE state = 'signed' ORDER BY id")]
        draft = store.scalar("SELECT id FROM inspections WHERE state = 'draft' ORDER BY id LIMIT 1")
        ids = signed[:2] + [draft]
        exchange.export_bundle(store, ids, root / "few.civpack", by=login(store, "admin"), password="admin123")
    finally:
        store.close()
    return root


@pytest.fixture
def home_a(home50_master, tmp_path):
    store = services.open_home(copy_home(home50_master, tmp_path / "A50"))
    yield store
    store.close()


@pytest.fixture
def demo_a(demo_master, tmp_path):
    store = services.open_home(copy_home(demo_master / "A", tmp_path / "A"))
    yield store
    store.close()


@pytest.fixture
def bundle_few(demo_master, tmp_path):
    return shutil.copy(demo_master / "few.civpack", tmp_path / "few.civpack")


@pytest.fixture
def home_b(tmp_path):
    """An empty home on another machine (no users yet)."""
    store = services.open_home(tmp_path / "B")
    yield store
    store.close()
