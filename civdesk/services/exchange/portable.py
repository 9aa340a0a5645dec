"""An inspection in portable form: every row about it, with names and uuids in place of a home's
row ids, so the same inspection reads the same in every home (civdesk.domain.exchange works on it).

``dump`` reads one from a home; ``Writer`` writes a set of them into a home inside the caller's
transaction, resolving names through ``Refs`` (which creates missing sites, placeholder users,
certificates and template versions as it goes, each with its audit entry).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable

from ...domain.audit import canonical_json
from ...domain.exchange import CHILDREN, frozen_part, is_frozen, normalise
from ...store import Store, exchange
from ...store import answers as answer_repo
from ...store import inspections as inspection_repo
from ...store import rectifications as rect_repo
from ..errors import NotFound

ROW_FIELDS = (
    "uuid",
    "kind",
    "state",
    "params",
    "created_at",
    "updated_at",
    "submitted_at",
    "score",
    "max_score",
    "percent",
    "level",
    "level_label",
    "vetoed",
    "content_hash",
    "covers",
)


def _b64(blob: bytes) -> str:
    return base64.b64encode(bytes(blob)).decode("ascii")


def dump(store: Store, inspection_id: int) -> dict:
    """Everything exchanged about one inspection (values kept as stored: JSON text stays text)."""
    row = exchange.portable_rows(store.conn, inspection_id)
    if row is None:
        raise NotFound("portable.no_inspection_id", inspection_id=inspection_id)
    data = {k: row[k] for k in ROW_FIELDS}
    data.update(
        template={"id": row["t_id"], "version": row["t_version"], "sha256": row["t_sha"]},
        site=row["site_name"],
        author=row["author_name"],
        reviewer=row["reviewer_name"],
        follows=row["follows_uuid"],
    )
    for child in ("answers", "attachments", "comments"):
        data[child] = row[child]
    sigs = row["signatures"]
    for s in sigs:
        s["image"], s["signature"] = _b64(s["image"]), _b64(s["signature"])
    data["signatures"] = sigs
    data["rectifications"] = row["rectifications"]
    return normalise(data)


def canonical_of(data: dict) -> dict:
    """The signed content (exactly ``signing.canonical``) computed from the portable form alone."""
    t = data["template"]
    return {
        "uuid": data["uuid"],
        "params": json.loads(data["params"]),
        "kind": data["kind"],
        "site": data["site"],
        "author": data["author"],
        "reviewer": data["reviewer"],
        "follows": data["follows"],
        "created_at": data["created_at"],
        "submitted_at": data["submitted_at"],
        "covers": json.loads(data["covers"]) if data["covers"] else None,
        "template_id": t["id"],
        "version": t["version"],
        "template_sha256": t["sha256"],
        "answers": [
            {k: a[k] for k in ("item_code", "value", "note", "answered_by", "answered_at")}
            for a in sorted(data["answers"], key=lambda a: a["item_code"])
        ],
        "attachments": sorted(
            ({k: a[k] for k in ("item_code", "sha256", "filename")} for a in data["attachments"]),
            key=lambda a: (a["item_code"], a["sha256"], a["filename"]),
        ),
    }


def content_hash_of(data: dict) -> str:
    return hashlib.sha256(canonical_json(canonical_of(data)).encode()).hexdigest()


def evidence_shas(data: dict) -> set[str]:
    """Every attachment file the inspection needs: photos and rectification evidence."""
    shas = {a["sha256"] for a in data["attachments"]}
    for r in data["rectifications"]:
        shas.update(json.loads(r["evidence"] or "[]"))
    return shas


def user_names(data: dict) -> set[str]:
    names = {data["author"], data["reviewer"]}
    names |= {a["answered_by"] for a in data["answers"]} | {a["added_by"] for a in data["attachments"]}
    names |= {c["user"] for c in data["comments"]} | {s["user"] for s in data["signatures"]}
    names |= {r["owner"] for r in data["rectifications"]} | {r["verified_by"] for r in data["rectifications"]}
    return {n for n in names if n}


def follows_order(versions: list[dict]) -> list[dict]:
    """Inspections ordered so that one a re-inspection follows comes before it."""
    by_uuid = {d["uuid"]: d for d in versions}
    out: list[dict] = []
    done: set[str] = set()

    def visit(d: dict, path: tuple = ()) -> None:
        if d["uuid"] in done or d["uuid"] in path:
            return
        parent = by_uuid.get(d["follows"] or "")
        if parent is not None:
            visit(parent, path + (d["uuid"],))
        done.add(d["uuid"])
        out.append(d)

    for d in versions:
        visit(d)
    return out


class Refs:
    """Names and uuids → this home's row ids; ``create_*`` callbacks make what is missing."""

    def __init__(
        self, store: Store, *, site: Callable[[str], int], user: Callable[[str], int], template: Callable[[dict], int]
    ):
        self.store = store
        self._site, self._user, self._template = site, user, template
        self._cache: dict[tuple, int] = {}

    def _get(self, kind: str, key, make: Callable[[], int]) -> int:
        k = (kind, canonical_json(key))
        if k not in self._cache:
            self._cache[k] = make()
        return self._cache[k]

    def site(self, name: str) -> int:
        return self._get("site", name, lambda: self._site(name))

    def user(self, name: str | None) -> int | None:
        return None if name is None else self._get("user", name, lambda: self._user(name))

    def template(self, ref: dict) -> int:
        return self._get("template", ref, lambda: self._template(ref))

    def inspection(self, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        iid = inspection_repo.id_by_uuid(self.store.conn, uuid)
        if iid is None:
            raise NotFound("portable.inspection_referenced_but_neither", uuid=uuid)
        return iid


def _multiset_sync(
    store: Store,
    table: str,
    iid: int,
    have: list[dict],
    want: list[dict],
    row_of: Callable[[dict], dict],
    match: Callable[[dict], dict],
) -> None:
    """Make the rows of ``table`` for ``iid`` equal to ``want``, touching only those that differ."""
    have_keys = [canonical_json(h) for h in have]
    want_keys = [canonical_json(w) for w in want]
    remaining = list(want_keys)
    for h, hk in zip(have, have_keys):
        if hk in remaining:
            remaining.remove(hk)
        else:
            exchange.delete_child(store.conn, table, iid, match(h))
    pending = list(have_keys)
    for w, wk in zip(want, want_keys):
        if wk in pending:
            pending.remove(wk)
        else:
            exchange.add_child(store.conn, table, row_of(w))


class Writer:
    """Writes portable inspections into a home; call inside ``store.write()``."""

    def __init__(self, store: Store, refs: Refs):
        self.store, self.refs = store, refs

    def apply(self, versions: list[tuple[int | None, dict]]) -> dict[str, int]:
        """Make each (local id or None, data) the home's version; returns uuid → id.

        Rows and their answers, photos, comments and signatures first (a re-inspection after the
        inspection it follows), then rectifications, which may name any inspection of the set.
        """
        local = {d["uuid"]: iid for iid, d in versions}
        ids: dict[str, int] = {}
        ordered = follows_order([d for _, d in versions])
        for data in ordered:
            ids[data["uuid"]] = self._row_and_children(local[data["uuid"]], data)
        for data in ordered:
            self._rectifications(ids[data["uuid"]], data)
        return ids

    def _row_values(self, data: dict, state: str) -> dict:
        r = self.refs
        row = {k: data[k] for k in ROW_FIELDS}
        row.update(
            state=state,
            template_pk=r.template(data["template"]),
            site_id=r.site(data["site"]),
            author_id=r.user(data["author"]),
            reviewer_id=r.user(data["reviewer"]),
            follows_id=r.inspection(data["follows"]),
        )
        return row

    def _row_and_children(self, iid: int | None, data: dict) -> int:
        s = self.store
        frozen_local = False
        if iid is None:
            # A signed record is inserted unfrozen, filled, then frozen (the triggers refuse rows
            # added to a frozen inspection).
            first = "approved" if is_frozen(data) else data["state"]
            iid = inspection_repo.create(s.conn, **self._row_values(data, first))
            have = {name: [] for name in CHILDREN}
        else:
            have = dump(s, iid)
            frozen_local = is_frozen(have)
            if frozen_local:
                assert canonical_json(frozen_part(have)) == canonical_json(frozen_part(data)), (
                    "a frozen inspection only takes changes outside what its signatures cover"
                )
            else:
                unfrozen = self._row_values(data, "approved" if is_frozen(data) else data["state"])
                unfrozen.pop("uuid")
                inspection_repo.change(s.conn, iid, **unfrozen)
        if not frozen_local:
            self._answers(iid, have["answers"], data["answers"])
            _multiset_sync(
                s,
                "attachments",
                iid,
                have["attachments"],
                data["attachments"],
                lambda a: {
                    "inspection_id": iid,
                    "item_code": a["item_code"],
                    "sha256": a["sha256"],
                    "filename": a["filename"],
                    "size": a["size"],
                    "added_by": self.refs.user(a["added_by"]),
                    "added_at": a["added_at"],
                },
                lambda a: {
                    "item_code": a["item_code"],
                    "sha256": a["sha256"],
                    "filename": a["filename"],
                    "added_at": a["added_at"],
                },
            )
            _multiset_sync(
                s,
                "signatures",
                iid,
                have["signatures"],
                data["signatures"],
                lambda g: {
                    "inspection_id": iid,
                    "user_id": self.refs.user(g["user"]),
                    "role": g["role"],
                    "signed_at": g["signed_at"],
                    "image": base64.b64decode(g["image"]),
                    "content_hash": g["content_hash"],
                    "signature": base64.b64decode(g["signature"]),
                    "key_fingerprint": g["key_fingerprint"],
                },
                lambda g: {"user_id": self.refs.user(g["user"]), "signed_at": g["signed_at"]},
            )
        _multiset_sync(
            s,
            "comments",
            iid,
            have["comments"],
            data["comments"],
            lambda c: {
                "inspection_id": iid,
                "item_code": c["item_code"],
                "user_id": self.refs.user(c["user"]),
                "kind": c["kind"],
                "text": c["text"],
                "at": c["at"],
            },
            lambda c: {"item_code": c["item_code"], "kind": c["kind"], "text": c["text"], "at": c["at"]},
        )
        if is_frozen(data):
            if inspection_repo.state_of(s.conn, iid) != data["state"]:
                inspection_repo.set_state(s.conn, iid, data["state"])
        return iid

    def _answers(self, iid: int, have: list[dict], want: list[dict]) -> None:
        keep = {a["item_code"] for a in want}
        for a in have:
            if a["item_code"] not in keep:
                answer_repo.delete_answer(self.store.conn, iid, a["item_code"])
        old = {a["item_code"]: canonical_json(a) for a in have}
        for a in want:
            if old.get(a["item_code"]) == canonical_json(a):
                continue
            answer_repo.put_answer(
                self.store.conn,
                iid,
                a["item_code"],
                a["value"],
                a["note"],
                self.refs.user(a["answered_by"]),
                a["answered_at"],
            )

    def _rectifications(self, iid: int, data: dict) -> None:
        s = self.store
        want = {r["item_code"]: r for r in data["rectifications"]}
        have = {r["item_code"]: canonical_json(r) for r in dump(s, iid)["rectifications"]}
        for code in set(have) - set(want):
            rect_repo.delete_item(s.conn, iid, code)
        for code, r in want.items():
            if have.get(code) == canonical_json(r):
                continue
            values = {
                "owner_id": self.refs.user(r["owner"]),
                "due_date": r["due_date"],
                "state": r["state"],
                "created_at": r["created_at"],
                "done_note": r["done_note"],
                "done_at": r["done_at"],
                "verified_by": self.refs.user(r["verified_by"]),
                "verified_at": r["verified_at"],
                "closed_by": self.refs.inspection(r["closed_by"]),
                "closed_at": r["closed_at"],
                "evidence": r["evidence"],
            }
            exchange.put_rectification(s.conn, iid, code, values)
