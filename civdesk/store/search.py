"""The inspections' search table: one trigram FTS5 row per inspection (its site, checklist title,
author, uuid and #number), kept current by triggers, so a search of 100,000 inspections is a
look-up rather than LIKE '%x%' over four joined tables.

The trigram tokenizer matches any substring of three or more characters (Chinese included); a
one- or two-character search reads the table's text with instr(), which is still one small table.
"""

from __future__ import annotations

import sqlite3
from typing import Any

# What an inspection's row says; ``i``, ``s``, ``t`` and ``u`` are the inspection, its site,
# template and author.
SEARCH_TEXT_SQL = "s.name || ' ' || t.title || ' ' || u.display_name || ' ' || i.uuid || ' #' || i.id"

_ROW = (
    "SELECT i.id, " + SEARCH_TEXT_SQL + " FROM inspections i JOIN sites s ON s.id = i.site_id "
    "JOIN templates t ON t.id = i.template_pk JOIN users u ON u.id = i.author_id WHERE {where}"
)

SEARCH_SCHEMA = f"""
CREATE VIRTUAL TABLE inspection_search USING fts5(text, tokenize = 'trigram');
CREATE TRIGGER inspection_search_insert AFTER INSERT ON inspections BEGIN
    INSERT INTO inspection_search(rowid, text) {_ROW.format(where="i.id = NEW.id")};
END;
CREATE TRIGGER inspection_search_update AFTER UPDATE OF site_id, template_pk, author_id ON inspections BEGIN
    DELETE FROM inspection_search WHERE rowid = OLD.id;
    INSERT INTO inspection_search(rowid, text) {_ROW.format(where="i.id = NEW.id")};
END;
CREATE TRIGGER inspection_search_delete AFTER DELETE ON inspections BEGIN
    DELETE FROM inspection_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER inspection_search_site AFTER UPDATE OF name ON sites BEGIN
    DELETE FROM inspection_search WHERE rowid IN (SELECT id FROM inspections WHERE site_id = NEW.id);
    INSERT INTO inspection_search(rowid, text) {_ROW.format(where="i.site_id = NEW.id")};
END;
CREATE TRIGGER inspection_search_user AFTER UPDATE OF display_name ON users BEGIN
    DELETE FROM inspection_search WHERE rowid IN (SELECT id FROM inspections WHERE author_id = NEW.id);
    INSERT INTO inspection_search(rowid, text) {_ROW.format(where="i.author_id = NEW.id")};
END;
"""


def condition(text: str, column: str = "+i.id", conn: sqlite3.Connection | None = None) -> tuple[str, list[Any]]:
    """A WHERE condition (and its arguments) true for the inspections whose search text contains
    ``text``; every word must appear (in any order). The words of three characters or more are one
    trigram query. Counting (``column`` without a unary +), its matches lead. Showing a page
    (with ``conn``), a query found in a few rows leads with them and sorts them, one found in
    thousands walks the list's sort index and checks each row's text until the page is full.

    A word of one or two characters is below the trigram's reach: it is looked up in the small
    tables (site, checklist and author names; with ``conn``, at once) and as an inspection number.
    What it names is then read through the indexes when it is a small share of the inspections, or
    checked row by row along the list's order when it is a large one (a page is found at once)."""
    parts, args = [], []
    long = [w for w in text.split() if len(w) >= 3]
    if long and conn is not None and column.startswith("+") and _common(conn, fts_query(long)):
        # Found in thousands: the list's own order is walked and each row's search text read by
        # its rowid, which stops after a page (listing every match first costs ~5 µs a match).
        parts += ["instr(lower((SELECT text FROM inspection_search WHERE rowid = i.id)), lower(?)) > 0"] * len(long)
        args += long
    elif long and conn is not None and column.startswith("+"):
        # Found in a few: the matches lead and only they are sorted.
        parts.append("i.id IN (SELECT rowid FROM inspection_search WHERE inspection_search MATCH ?)")
        args.append(fts_query(long))
    elif long:
        parts.append(f"{column} IN (SELECT rowid FROM inspection_search WHERE inspection_search MATCH ?)")
        args.append(fts_query(long))
    for word in (w for w in text.split() if len(w) < 3):
        cond, more = _short(word, conn)
        parts.append(cond)
        args += more
    return " AND ".join(parts) or "1", args


# Where walking the list's order beats sorting the matches: about sqrt(page × rows × 0.6) matches,
# ~3,000 at 100,000 inspections (measured: 8 ms to sort 250 matches, 1 ms to walk to 200 of all).
COMMON = 3000


def _common(conn: sqlite3.Connection, query: str) -> bool:
    """True when the trigram query matches COMMON inspections or more (counted no further)."""
    return (
        int(
            conn.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM inspection_search WHERE inspection_search MATCH ? LIMIT ?)",
                (query, COMMON),
            ).fetchone()[0]
        )
        >= COMMON
    )


_SHORT = (("site_id", "sites", "name"), ("template_pk", "templates", "title"), ("author_id", "users", "display_name"))


def _short(word: str, conn: sqlite3.Connection | None) -> tuple[str, list[Any]]:
    number = word.lstrip("#")
    by_number = (["i.id = ?"], [int(number)]) if number.isdigit() else ([], [])
    if conn is None:
        conds = [
            f"+i.{col} IN (SELECT id FROM {table} WHERE instr(lower({name}), ?) > 0)" for col, table, name in _SHORT
        ]
        return "(" + " OR ".join(conds + by_number[0]) + ")", [word.lower()] * 3 + by_number[1]
    found = []
    for col, table, name in _SHORT:
        ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE instr(lower({name}), ?) > 0", (word.lower(),))]
        if ids:
            found.append((col, ids))
    # How many inspections that names, counted on the indexes no further than a fifth of them.
    total = conn.execute("SELECT MAX(id) FROM inspections").fetchone()[0] or 0
    enough = max(1000, total // 5)
    named = sum(
        conn.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM inspections WHERE {col} IN ({', '.join(map(str, ids))}) LIMIT ?)",
            (enough,),
        ).fetchone()[0]
        for col, ids in found
    )
    share = 1.0 if named >= enough else 0.0
    if not found and not by_number[0]:
        return "i.id = -1", []  # names nothing: a rowid look-up that finds no row (no scan)
    if share >= 0.2:  # common: checked along the list's order, which stops after a page
        conds = [f"+i.{col} IN ({', '.join(map(str, ids))})" for col, ids in found]
        return "(" + " OR ".join(conds + by_number[0]) + ")", by_number[1]
    unions = [f"SELECT id FROM inspections WHERE {col} IN ({', '.join(map(str, ids))})" for col, ids in found]
    unions += ["SELECT ?"] if by_number[0] else []
    return "+i.id IN (" + " UNION ".join(unions) + ")", by_number[1]


def fts_query(words: list[str]) -> str:
    """The trigram query for words of three characters or more: each a quoted phrase, all required."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def only_long_words(text: str) -> bool:
    return all(len(w) >= 3 for w in text.split())
