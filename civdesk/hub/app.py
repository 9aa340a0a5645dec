"""The hub's HTTP API (Starlette under uvicorn). Every process is stateless: the database URL
comes from $CIVDESK_HUB_DATABASE, so ``--workers N`` or N machines serve one database.

    GET  /api/v1/health            unsigned: is the hub up, and its key's fingerprint
    POST /api/v1/enrol             {"code", "certificate", "proof"}: a desk takes its one-time code
    POST /api/v1/push              a .civpack signed with the desk's key; answers what became of each record
    GET  /api/v1/pull?after=N      one page of what the desk's scope needs, a .civpack signed by the hub
    GET  /api/v1/figures           office figures computed in PostgreSQL (scope: the desk's sites)
    POST /api/v1/templates         an office desk publishes template versions (a .civpack of templates)
    POST /api/v1/root              {"home_root"}: a desk whose home made its root after enrolment has it certified

Every other route is signed by the desk (protocol.sign_request). Refusals are JSON
``{"error": "<one line>"}`` with a 4xx status; nothing is changed by a refused request.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

import psycopg
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ..services.exchange.bundle_format import BundleRefused
from . import db, figures, orgroot, protocol, pull, records, trust
from .records import Desk, Refused


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        if int(declared) <= 4 * limit + 2**20:
            # Read and drop a body a few times too large, so the desk hears why instead of a broken pipe.
            async for _ in request.stream():
                pass
        raise Refused(
            413,
            f"the upload is {int(declared) / 2**20:,.1f} MiB, more than the hub accepts "
            f"({limit / 2**20:,.1f} MiB); nothing was accepted",
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(
                413, f"the upload is larger than the hub accepts ({limit / 2**20:,.1f} MiB); nothing was accepted"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _desk(conn, headers, method: str, target: str, body: bytes) -> Desk:
    fp = headers.get(protocol.H_DESK, "")
    row = conn.execute(
        "SELECT id, name, office, certificate, revoked_at FROM desks WHERE fingerprint = %s", (fp,)
    ).fetchone()
    if row is None:
        raise Refused(401, "unknown desk: this desk is not enrolled with the hub (enrol it with a code)")
    did, name, office, cert, revoked = row
    if revoked is not None:
        raise Refused(403, f"desk {name!r} was revoked on the hub; nothing was accepted")
    if not protocol.verify_request(protocol.load_cert(cert), headers, method, target, body):
        raise Refused(401, f"the request's signature does not verify with desk {name!r}'s key")
    try:
        skew = abs(time.time() - int(headers.get(protocol.H_TIME, "0")))
    except ValueError:
        skew = float("inf")
    if skew > protocol.MAX_SKEW:
        raise Refused(401, "the request's time is more than 5 minutes from the hub's clock (check the desk's clock)")
    with conn.transaction():
        added = conn.execute(
            "INSERT INTO nonces (desk_id, nonce) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (did, headers.get(protocol.H_NONCE, "")),
        ).rowcount
        conn.execute("DELETE FROM nonces WHERE desk_id = %s AND at < now() - interval '15 minutes'", (did,))
    if not added:
        raise Refused(409, "this request was already received (a replayed request); nothing was accepted")
    sites = [r[0] for r in conn.execute("SELECT site FROM desk_sites WHERE desk_id = %s ORDER BY site", (did,))]
    return Desk(did, name, office, sites, fp)


def _target(request: Request) -> str:
    q = request.url.query
    return request.url.path + (f"?{q}" if q else "")


class Hub:
    def __init__(self, url: str | None = None, figures_url: str | None = None):
        self.url = url or db.database_url()
        self.pool = db.pool(self.url)
        # The figures' read-only queries may go to a replica; everything else needs the primary.
        figures_url = figures_url or os.environ.get(db.FIGURES_ENV)
        self.figures_pool = db.pool(figures_url, size=4) if figures_url else None

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        self.pool.open()
        if self.figures_pool is not None:
            self.figures_pool.open()
        try:
            yield
        finally:
            self.pool.close()
            if self.figures_pool is not None:
                self.figures_pool.close()

    # ------------------------------------------------------------------ plumbing

    async def _run(self, request: Request, limit: int, work) -> Response:
        """Authenticate the desk, then ``work(conn, desk, body)`` on a pooled connection in a thread."""
        try:
            body = await _body(request, limit)
        except Refused as e:
            return JSONResponse({"error": str(e)}, status_code=e.status)
        headers = {k.lower(): v for k, v in request.headers.items()}

        def call():
            with self.pool.connection() as conn:
                desk = None
                try:
                    desk = _desk(conn, headers, request.method, _target(request), body)
                    return work(conn, desk, body)
                except Refused as e:
                    records.record_refusal(conn, desk.id if desk else None, str(e))
                    return JSONResponse({"error": str(e)}, status_code=e.status)

        try:
            return await run_in_threadpool(call)
        except psycopg.OperationalError:
            # PostgreSQL restarting or unreachable: the desk retries later; the pool reconnects.
            return JSONResponse({"error": "the hub's database is not available just now; try again"}, status_code=503)

    # ------------------------------------------------------------------ routes

    async def health(self, request: Request) -> Response:
        def call():
            with self.pool.connection() as conn:
                fp = conn.execute("SELECT fingerprint FROM hub_identity").fetchone()[0]
                return {
                    "ok": True,
                    "hub": fp,
                    "pending_migrations": db.pending(conn),
                    "max_push_bytes": protocol.MAX_PUSH_BYTES,
                }

        return JSONResponse(await run_in_threadpool(call))

    async def enrol(self, request: Request) -> Response:
        try:
            body = await _body(request, protocol.MAX_JSON_BYTES)
            data = json.loads(body)
            code, cert, proof = str(data["code"]), str(data["certificate"]), str(data["proof"])
            home_root = data.get("home_root")
            home_root = None if home_root is None else str(home_root)
            fp = protocol.fingerprint_pem(cert)
        except Refused as e:
            return JSONResponse({"error": str(e)}, status_code=e.status)
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": "malformed enrolment request"}, status_code=400)
        if not protocol.check_proof(cert, code, proof, home_root):
            return JSONResponse({"error": "the enrolment is not signed by the key it presents"}, status_code=400)

        def call():
            with self.pool.connection() as conn, conn.transaction():
                row = conn.execute(
                    "UPDATE desks SET fingerprint = %s, certificate = %s, enrolled_at = now(), code_hash = NULL, "
                    "code_expires = NULL WHERE code_hash = %s AND code_expires > now() AND revoked_at IS NULL "
                    "RETURNING id, name, office",
                    (fp, cert, protocol.code_hash(code)),
                ).fetchone()
                if row is None:
                    return None
                sites = [
                    r[0]
                    for r in conn.execute("SELECT site FROM desk_sites WHERE desk_id = %s ORDER BY site", (row[0],))
                ]
                ident = conn.execute("SELECT certificate FROM hub_identity").fetchone()[0]
                org = conn.execute("SELECT certificate FROM org_root").fetchone()[0]
                # The desk's home root becomes an intermediate under the organisation's root.
                inter = orgroot.certify_home_root(conn, row[0], home_root) if home_root else None
                return {
                    "desk": row[1],
                    "office": row[2],
                    "sites": sites,
                    "hub_certificate": ident,
                    "org_root": org,
                    "intermediate": inter,
                }

        try:
            answer = await run_in_threadpool(call)
        except ValueError as e:
            return JSONResponse({"error": str(e)}, status_code=400)
        if answer is None:
            return JSONResponse({"error": "this enrolment code is unknown, used or expired"}, status_code=403)
        return JSONResponse(answer)

    async def push(self, request: Request) -> Response:
        def work(conn, desk: Desk, body: bytes):
            fd, name = tempfile.mkstemp(prefix="civdesk-hub-push-", suffix=".civpack")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(body)
                try:
                    bundle = trust.check_bundle(
                        name, desk.fingerprint, certificate_owner=lambda fp: records.certificate_owner(conn, fp)
                    )
                    trust.check_people(
                        bundle, *orgroot.state(conn), known=lambda fp: records.certificate_owner(conn, fp) is not None
                    )
                except BundleRefused as e:
                    raise Refused(422, f"{e.reason}; nothing was accepted") from None
                result = records.accept(conn, desk, bundle)
            finally:
                Path(name).unlink(missing_ok=True)
            with conn.transaction():
                conn.execute(
                    "UPDATE desks SET last_sync_at = now(), last_result = %s WHERE id = %s",
                    (
                        f"pushed {len(result.added) + len(result.updated)} new, {len(result.conflicts)} conflicts",
                        desk.id,
                    ),
                )
            return JSONResponse(result.as_json())

        return await self._run(request, protocol.MAX_PUSH_BYTES, work)

    async def pull(self, request: Request) -> Response:
        def work(conn, desk: Desk, body: bytes):
            try:
                after = int(request.query_params.get("after", "0"))
            except ValueError:
                raise Refused(400, "after= must be a whole number") from None
            fd, name = tempfile.mkstemp(prefix="civdesk-hub-pull-", suffix=".civpack")
            os.close(fd)
            try:
                info = pull.page(conn, desk, after, Path(name))
                with conn.transaction():
                    conn.execute(
                        "UPDATE desks SET last_sync_at = now(), last_result = %s WHERE id = %s",
                        (f"pulled {info['inspections']} up to {info['cursor']}", desk.id),
                    )
            except BaseException:
                Path(name).unlink(missing_ok=True)
                raise
            return FileResponse(
                name, media_type="application/zip", background=BackgroundTask(Path(name).unlink, missing_ok=True)
            )

        return await self._run(request, 0, work)

    async def home_root(self, request: Request) -> Response:
        """A desk enrolled before its home had a root sends that root once it has one."""

        def work(conn, desk: Desk, body: bytes):
            try:
                pem = str(json.loads(body)["home_root"])
            except (ValueError, KeyError, TypeError):
                raise Refused(400, "malformed request: a home root certificate (PEM) is expected") from None
            with conn.transaction():
                held = conn.execute(
                    "SELECT certificate FROM intermediates WHERE desk_id = %s AND revoked_at IS NULL", (desk.id,)
                ).fetchone()
                if held is not None:
                    raise Refused(
                        409,
                        f"desk {desk.name!r} already has its home root certified; a desk with another "
                        "home root is enrolled again under a new code",
                    )
                try:
                    return JSONResponse({"intermediate": orgroot.certify_home_root(conn, desk.id, pem)})
                except ValueError as e:
                    raise Refused(422, str(e)) from None

        return await self._run(request, protocol.MAX_JSON_BYTES, work)

    async def figures(self, request: Request) -> Response:
        def work(conn, desk: Desk, body: bytes):
            if self.figures_pool is None:
                return JSONResponse(figures.compute(conn, desk))
            with self.figures_pool.connection() as replica:  # the desk was authenticated on the primary
                return JSONResponse(figures.compute(replica, desk))

        return await self._run(request, 0, work)

    async def publish(self, request: Request) -> Response:
        def work(conn, desk: Desk, body: bytes):
            if not desk.office:
                raise Refused(403, "only an office desk publishes templates")
            fd, name = tempfile.mkstemp(prefix="civdesk-hub-tpl-", suffix=".civpack")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(body)
                try:
                    bundle = trust.check_bundle(name, desk.fingerprint)
                except BundleRefused as e:
                    raise Refused(422, f"{e.reason}; nothing was published") from None
                return JSONResponse({"published": figures.publish(conn, desk, bundle)})
            finally:
                Path(name).unlink(missing_ok=True)

        return await self._run(request, protocol.MAX_PUSH_BYTES, work)


def create_app(url: str | None = None) -> Starlette:
    hub = Hub(url)
    api = protocol.API
    return Starlette(
        routes=[
            Route(f"{api}/health", hub.health, methods=["GET"]),
            Route(f"{api}/enrol", hub.enrol, methods=["POST"]),
            Route(f"{api}/push", hub.push, methods=["POST"]),
            Route(f"{api}/pull", hub.pull, methods=["GET"]),
            Route(f"{api}/figures", hub.figures, methods=["GET"]),
            Route(f"{api}/root", hub.home_root, methods=["POST"]),
            Route(f"{api}/templates", hub.publish, methods=["POST"]),
        ],
        lifespan=hub.lifespan,
    )
