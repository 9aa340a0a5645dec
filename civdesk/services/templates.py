"""Template versions: loading files, installing the built-in checklists, importing new versions.

A stored version never changes once an inspection uses it (a trigger guards that too): an
import of changed content becomes the next version; identical content is recognised and left.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.audit import canonical_json
from ..domain.workflow import Actor
from ..resources import BUILTIN_TEMPLATES, require
from ..store import Store, now
from ..store import templates as repo
from ..store.rows import as_dict
from .errors import InputError, NotAllowed, NotFound

if TYPE_CHECKING:
    from ..domain.template import Template

# The template model (domain.template) is imported where a template is parsed: a start whose
# built-in checklists are unchanged parses none, and the main window's code loads it beside the
# password check (ui/preload.py) instead of before the login dialog.


def load_file(path: Path | str) -> dict:
    """Template data from a YAML (or JSON) file, or an Excel workbook (.xlsx, see template_xlsx);
    InputError names the file and the fault."""
    path = Path(path)
    data = _read_data(path)
    # Checked here, before anything walks the sections recursively (the editor, the validator).
    from ..domain.template import MAX_SECTION_DEPTH
    from ..domain.template_parsing import too_deep_sections
    from .limits import LimitExceeded

    if too_deep_sections(data.get("sections")) is not None:
        raise LimitExceeded("templates.sections_nested_more_than", name=path.name, max_section_depth=MAX_SECTION_DEPTH)
    return data


def _read_data(path: Path) -> dict:
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    from .limits import load_yaml, read_text

    text = read_text(path, "template file")
    import yaml  # only when a file is actually read: keeps it off the start-up path

    try:
        data = load_yaml(text, path.name)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError("templates.valid_yaml", path=path, where=where) from None
    if not isinstance(data, dict):
        from ..domain.template import Problem, TemplateError

        raise TemplateError([Problem("", "tproblem.not_mapping")])
    return data


def _read_workbook(path: Path) -> dict:
    """Template data from an Excel workbook, opened within CivDesk's budget (see xlsx_guard)."""
    from .exchange import template_xlsx
    from .exchange.xlsx_guard import open_workbook

    wb = open_workbook(path)
    try:
        return template_xlsx.from_workbook(wb, str(path))
    finally:
        wb.close()


def write_workbook(data: dict, dest: Path | str) -> Path:
    """Template data as an Excel workbook at ``dest`` (written whole or not at all)."""
    from .exchange import template_xlsx
    from .exchange.xlsx_cells import save_workbook

    return save_workbook(template_xlsx.to_workbook(data), dest)


def export_workbook(store: Store, template_id: str, dest: Path | str, version: int | None = None) -> Path:
    """A stored template version (the latest by default) as an Excel workbook at ``dest``."""
    pk = latest_pk(store, template_id) if version is None else repo.pk_of(store.conn, template_id, version)
    if pk is None:
        raise InputError("template_xlsx.no_template_version", template_id=template_id, version=version)
    return write_workbook(template_data(store, pk), dest)


def builtin_files() -> list[Path]:
    """The built-in checklist files; ResourceError names the first one missing or unreadable (an
    incomplete installation must not look like a home with no checklists)."""
    return [require("templates", f"{t}.yaml") for t in BUILTIN_TEMPLATES]


def content_digest(data: dict) -> str:
    """The sha256 a template version is known by: its canonical content without the version number."""
    body = {k: v for k, v in data.items() if k != "version"}
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


def refusal(by: Actor | None, action: str = "change") -> NotAllowed | None:
    """Why ``by`` may not ``change`` (save, duplicate) or ``import`` templates, or None: an admin's."""
    if by is None or by.role != "admin":
        return NotAllowed(
            "templates.only_admin_imports_templates" if action == "import" else "templates.only_admin_changes_templates"
        )
    return None


def add_version(store: Store, data: dict, *, by: Actor | None, builtin: bool = False) -> tuple[int, bool]:
    """Store ``data`` as a template version. Returns (pk, created); unchanged content is not stored twice.

    Only an admin changes templates; ``by=None`` is CivDesk itself installing a built-in checklist."""
    refused = None if builtin and by is None else refusal(by)
    if refused is not None:
        raise refused
    from ..domain.template_parsing import parse_template

    tpl = parse_template(data)  # raises TemplateError with every problem
    sha = content_digest(data)
    with store.write():
        # Read the latest version under the write lock, so two processes never both take version N+1.
        latest = repo.newest(store.conn, tpl.id)
        if latest and latest.sha256 == sha:
            return latest.id, False
        version = latest.version + 1 if latest else tpl.version
        stored = dict(data, version=version)
        pk = repo.create(
            store.conn,
            template_id=tpl.id,
            version=version,
            title=tpl.title,
            scope=tpl.scope,
            data=canonical_json(stored),
            sha256=sha,
            builtin=int(builtin),
            created_at=now(),
        )
        store.audit(
            by.id if by else None,
            "template.add",
            "template",
            pk,
            {"template_id": tpl.id, "version": version, "sha256": sha},
        )
    return pk, True


def install_builtin(store: Store) -> None:
    """Make sure every built-in checklist is stored (new versions when the files changed).

    The files' bytes are fingerprinted: when they are what this home last installed, nothing is
    parsed at all (this runs at every start).
    """
    files = builtin_files()
    seen = hashlib.sha256()
    for path in files:
        seen.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    fingerprint = seen.hexdigest()
    if store.get_setting("builtin_templates_fingerprint") == fingerprint:
        return
    for path in files:
        data = load_file(path)
        # Known content (in any version) is left alone, so an admin's newer version stays the latest.
        if not repo.holds(store.conn, str(data.get("id")), sha256=content_digest(data)):
            add_version(store, data, by=None, builtin=True)
    store.set_setting("builtin_templates_fingerprint", fingerprint)


def import_file(store: Store, path: Path | str, *, by: Actor) -> tuple[int, int, bool]:
    """(pk, version, created) for an imported template file; only admins import."""
    refused = refusal(by, "import")
    if refused is not None:
        raise refused
    pk, created = add_version(store, load_file(path), by=by)
    return pk, template_row(store, pk)["version"], created


@functools.lru_cache(maxsize=64)
def parse_stored(data_json: str) -> Template:
    """A stored version's template model, parsed once per distinct content."""
    from ..domain.template_parsing import parse_template

    return parse_template(json.loads(data_json))


def template_row(store: Store, pk: int) -> dict:
    return as_dict(_version(store, pk))


def _version(store: Store, pk: int) -> repo.TemplateVersion:
    row = repo.get(store.conn, pk)
    if row is None:
        raise NotFound("templates.no_template_version_id", pk=pk)
    return row


_BY_HASH: dict[tuple[str, int], Template] = {}


def get_template(store: Store, pk: int, identity: tuple[str, int] | None = None) -> Template:
    """The exact template version an inspection was made with (parsed once, then cached).

    Looked up by content hash and version number first (the hash leaves the number out):
    every answer saved asks for its template, and reading and hashing the whole document each
    time was most of what an answer cost besides the write itself. A caller that read the
    version's ``identity`` with its inspection passes it along."""
    key = identity or repo.identity(store.conn, pk)
    if key is None:
        raise NotFound("templates.no_template_version_id", pk=pk)
    found = _BY_HASH.get(key)
    if found is None:
        found = parse_stored(_version(store, pk).data)
        if len(_BY_HASH) >= 64:
            _BY_HASH.clear()
        _BY_HASH[key] = found
    return found


_ITEM_TEXTS: dict[str, dict[str, str]] = {}


def item_texts(store: Store, pk: int) -> dict[str, str]:
    """Item code → text of a template version, from a cache keyed by the version's content hash
    (a list of 80,000 rectifications needs the labels, never a rescore or a re-parse)."""
    sha = repo.sha_of(store.conn, pk)
    if sha is None:
        raise NotFound("templates.no_template_version_id", pk=pk)
    texts = _ITEM_TEXTS.get(sha)
    if texts is None:
        texts = _ITEM_TEXTS[sha] = {it.code: it.text for it in get_template(store, pk).items()}
    return texts


def latest_pk(store: Store, template_id: str) -> int:
    pk = repo.newest_pk(store.conn, template_id)
    if pk is None:
        ids = ", ".join(r.id for r in list_templates(store)) or "none"
        raise NotFound("templates.no_template_installed", template_id=template_id, ids=ids)
    return pk


def latest(store: Store, template_id: str) -> Template:
    return get_template(store, latest_pk(store, template_id))


@dataclass(frozen=True)
class TemplateSummary:
    """The newest version of a template as the lists show it."""

    pk: int
    id: str
    version: int
    title: str
    scope: str
    items: int  # how many items it has
    builtin: bool

    def as_json(self) -> dict[str, Any]:
        """The command line's ``templates list --json`` row."""
        return asdict(self)


def list_templates(store: Store) -> list[TemplateSummary]:
    """The newest version of each template, with its item count."""
    return [
        TemplateSummary(
            r.id, r.template_id, r.version, r.title, r.scope, len(parse_stored(r.data).items()), bool(r.builtin)
        )
        for r in repo.newest_of_each(store.conn)
    ]


def template_data(store: Store, pk: int) -> dict:
    """The stored data of one template version (a fresh copy, free to edit)."""
    return json.loads(_version(store, pk).data)


def versions(store: Store, template_id: str) -> list[repo.VersionUse]:
    """Every stored version of a template, newest first, with how many inspections use each."""
    return repo.versions(store.conn, template_id)


def free_id(store: Store, base: str) -> str:
    """``base`` if no template has that id yet, else ``base-2``, ``base-3``…"""
    taken = repo.template_ids(store.conn)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def duplicate(
    store: Store, pk: int, *, by: Actor, new_id: str | None = None, title: str | None = None
) -> tuple[int, str]:
    """Copy a template version under a new id (version 1 of a new template); only admins.
    Returns (pk, id) of the copy."""
    data = template_data(store, pk)
    data["id"] = new_id or free_id(store, f"{data['id']}-copy")
    data["title"] = title or f"{data.get('title', '')}（副本）"
    data["version"] = 1
    if repo.holds(store.conn, data["id"]):
        raise InputError("templates.template_id_already_exists", id=data["id"])
    new_pk, _ = add_version(store, data, by=by)
    return new_pk, data["id"]
