"""Hostile files, built at test time: small on disk, enormous once read by a careless reader.

Each builder writes one file and returns its path. The sizes match what an attacker would send:
a YAML alias bomb of about 1.5 KB, an xlsx of a few KB with one cell at XFD1048576, an xlsx of
2.8 MB that unpacks to 2.8 GB, an xlsx whose sheet declares nested entities, a PNG of 100 KB
that claims 900 megapixels, templates and JSON nested hundreds deep.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VALID_MINIMAL = ROOT / "tests" / "data" / "valid_minimal.yaml"


def _head() -> str:
    """The top of a valid template (everything before its sections)."""
    return VALID_MINIMAL.read_text(encoding="utf-8").split("sections:")[0].rstrip()


def yaml_alias_bomb(path: Path, levels: int = 9) -> Path:
    """A valid-looking template whose one section, through anchors and aliases nine levels deep,
    stands for 9**9 (387 million) sections; plain validation of it never ends."""
    out = [
        _head(),
        "sections:",
        "  - &s0 {code: '1', title: 服务, items: [{code: '1.1', text: 使用文明用语, type: check, points: 2}]}",
    ]
    for k in range(1, levels + 1):
        out.append(f"  - &s{k} {{code: '1', title: 服务, sections: [" + ", ".join([f"*s{k - 1}"] * 9) + "]}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def yaml_deep_sections(path: Path, depth: int = 500) -> Path:
    """Sections nested ``depth`` deep, in block style (each level one line deeper)."""
    lines = [_head(), "sections:"]
    for d in range(depth):
        pad = "  " * (2 * d)
        lines += [f"{pad}  - code: 'S{d}'", f"{pad}    title: 第{d}层", f"{pad}    sections:"]
    pad = "  " * (2 * depth)
    lines += [
        f"{pad}  - code: 'L'",
        f"{pad}    title: 最内层",
        f"{pad}    items: [{{code: '1.1', text: 使用文明用语, type: check, points: 2}}]",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def deep_json(path: Path, depth: int = 100_000) -> Path:
    """An ANSWERS.json whose answers are lists inside lists ``depth`` deep."""
    path.write_text('{"answers": {"1.1": ' + "[" * depth + "]" * depth + "}}", encoding="utf-8")
    return path


def _workbook_bytes(far_cell: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "template"
    ws.append(["key", "value"])
    ws.append(["id", "hostile"])
    if far_cell:
        ws["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_far_cell(path: Path) -> Path:
    """A workbook of a few KB with one cell at XFD1048576, the last cell Excel has."""
    path.write_bytes(_workbook_bytes(far_cell=True))
    return path


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """Write a zip by hand from (name, raw deflate data, crc32, uncompressed size): the zip module
    would deflate 2.8 GB itself, which takes a while; the bomb's compressed stream is built once
    from repeated identical blocks instead."""
    with open(path, "wb") as f:
        central = []
        for name, data, crc, size in members:
            offset = f.tell()
            n = name.encode()
            f.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(data), size, len(n), 0))
            f.write(n)
            f.write(data)
            central.append(
                struct.pack(
                    "<4sHHHHHHIIIHHHHHII",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    8,
                    0,
                    33,
                    crc,
                    len(data),
                    size,
                    len(n),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + n
            )
        start = f.tell()
        for entry in central:
            f.write(entry)
        f.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), f.tell() - start, start, 0))


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def xlsx_zip_bomb(path: Path, mib: int = 2800) -> Path:
    """A workbook of about 2.8 MB whose sheet unpacks to ``mib`` MiB: one cell of 'A's."""
    src = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    members = []
    for info in src.infolist():
        raw = src.read(info)
        if info.filename != "xl/worksheets/sheet1.xml":
            members.append((info.filename, _deflate(raw), zlib.crc32(raw), len(raw)))
            continue
        head, tail = raw.split(b"</sheetData>")
        prefix = head + b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
        suffix = b"</t></is></c></row></sheetData>" + tail
        chunk = b"A" * 2**20
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        start = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
        block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # after a full flush: the same bytes every time
        data = start + block * mib + c.compress(suffix) + c.flush()
        crc = zlib.crc32(prefix)
        for _ in range(mib):
            crc = zlib.crc32(chunk, crc)
        crc = zlib.crc32(suffix, crc)
        members.append((info.filename, data, crc, len(prefix) + mib * len(chunk) + len(suffix)))
    _write_zip(path, members)
    return path


def xlsx_entity_bomb(path: Path) -> Path:
    """A workbook whose sheet declares entities nine levels deep (10**9 'lol's)."""
    src = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    dtd = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
        )
        + b"]>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = raw.split(b"?>", 1)[1] if raw.startswith(b"<?xml") else raw
                raw = dtd + body.replace(
                    b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
                )
            out.writestr(info.filename, raw)
    return path


def png_pixels(path: Path, width: int = 30_000, height: int = 30_000) -> Path:
    """A valid black-and-white PNG of width × height (900 megapixels by default) in about 100 KB."""
    c = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    data = b"".join(c.compress(row) for _ in range(height)) + c.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )
    return path
