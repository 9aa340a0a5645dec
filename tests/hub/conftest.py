"""Fixtures for the hub: one throwaway PostgreSQL cluster per session, a fresh migrated database
and a real ``civdesk-hub serve`` process per test, and desk homes copied from masters built once.

Without PostgreSQL's binaries these tests skip on a developer's machine and FAIL in CI (where
.ci/run installs Debian's postgresql): the hub must never go untested there.
"""

from __future__ import annotations

import itertools
import os
import shutil

import pytest

from civdesk import services
from civdesk.hub import db as hubdb
from civdesk.hub.devcluster import Cluster, HubProcess, pg_bindir
from civdesk.services import accounts, demo

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg():
    if pg_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: CI must run the hub tests (apt-get install postgresql)")
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql)")
    cluster = Cluster().start()
    yield cluster
    cluster.destroy()


@pytest.fixture
def hub_url(pg):
    """A fresh, migrated hub database."""
    name = f"hub{next(_names)}"
    pg.psql(f"CREATE DATABASE {name}")
    url = pg.url.rsplit("/", 1)[0] + f"/{name}"
    hubdb.migrate(url)
    return url


@pytest.fixture
def hub(hub_url):
    proc = HubProcess(hub_url).start()
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory):
    home = tmp_path_factory.mktemp("hubdemo") / "station"
    store = services.open_home(home)
    try:
        demo.fill(store, history=False)  # the hub tests count the demo's current work (14 inspections)
    finally:
        store.close()
    return home


@pytest.fixture
def station(demo_master, tmp_path):
    """A station home (the demo data) opened as a Store, its admin logged in (enrolling pins the
    organisation's root under the home's own, which the admin's login unlocks)."""
    home = shutil.copytree(demo_master, tmp_path / "station")
    store = services.open_home(home)
    accounts.authenticate(store, "admin", demo.PASSWORDS["admin"])
    yield store
    store.close()


@pytest.fixture
def office(tmp_path):
    """An empty home for the office desk."""
    store = services.open_home(tmp_path / "office")
    yield store
    store.close()
