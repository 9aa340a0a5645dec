"""Photos within limits, checked before anything is saved: `answer --photo` with a picture that is
too large or not a picture leaves the answer, its note, the photo rows, the photo files and the
audit log exactly as they were; rectification evidence and the seal are held to the same limits;
a picture over the limits that arrived some other way prints as a placeholder, not a traceback."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from civdesk.cli import main
from civdesk.services import documents, limits, rectifications, settings
from civdesk.services import inspections as insp
from civdesk.services.limits import LimitExceeded
from civdesk.store import attachments as files
from tests.helpers import hostile_inputs as hostile
from tests.helpers.data import PASSWORD, picture_bytes


def _state(store, iid):
    """Everything a saved answer or photo could have touched."""
    return (
        store.query(
            "SELECT item_code, value, note, answered_by, answered_at FROM answers "
            "WHERE inspection_id = ? ORDER BY item_code",
            (iid,),
        ),
        store.query("SELECT * FROM attachments ORDER BY id"),
        store.scalar("SELECT COUNT(*) FROM audit"),
        sorted(p.name for p in store.attachments_dir.rglob("*") if p.is_file()),
    )


@pytest.fixture
def draft(people, mini):
    s = people.store
    iid = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    insp.answer(s, people.inspector, iid, "1.1", "yes", note="原来的说明")
    return iid


def _cli_answer(store, iid, *extra):
    os.environ["CIVDESK_PASSWORD"] = PASSWORD
    try:
        return main(
            [
                "--home",
                str(store.home),
                "--lang",
                "en",
                "answer",
                str(iid),
                "1.1",
                "no",
                "--note",
                "新说明",
                "--user",
                "inspector",
                *extra,
            ]
        )
    finally:
        os.environ.pop("CIVDESK_PASSWORD", None)


@pytest.mark.parametrize("kind", ["900 megapixels", "not a picture", "missing"])
def test_cli_answer_with_a_bad_photo_changes_nothing(people, draft, tmp_path, capsys, kind):
    s = people.store
    if kind == "900 megapixels":
        photo, words = (
            hostile.png_pixels(tmp_path / "巨图.png"),
            "巨图.png: picture too large (900 megapixels); the limit is 80 megapixels",
        )
    elif kind == "not a picture":
        photo = tmp_path / "坏.jpg"
        photo.write_bytes(b"\xff\xd8\xff not really a JPEG")
        words = "坏.jpg: not a picture CivDesk can read"
    else:
        photo, words = tmp_path / "nowhere.jpg", "nowhere.jpg"  # worded in the CLI's language
    before = _state(s, draft)
    capsys.readouterr()
    assert _cli_answer(s, draft, "--photo", str(photo)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err, err
    assert _state(s, draft) == before
    assert insp.view(s, draft).answers["1.1"] == "yes" and insp.view(s, draft).notes["1.1"] == "原来的说明"


def test_cli_answer_with_a_good_photo_saves_both_in_one_go(people, draft, tmp_path, capsys):
    s = people.store
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(picture_bytes())
    audit_before = s.scalar("SELECT COUNT(*) FROM audit")
    capsys.readouterr()
    assert _cli_answer(s, draft, "--photo", str(photo), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    rows = insp.photos(s, draft, "1.1")
    assert [r.id for r in rows] == [out["photo"]] and rows[0].filename == "现场.jpg"
    assert insp.view(s, draft).answers["1.1"] == "no" and insp.view(s, draft).notes["1.1"] == "新说明"
    actions = [r[0] for r in s.conn.execute("SELECT action FROM audit ORDER BY seq DESC LIMIT 2")]
    assert sorted(actions) == ["answer", "photo.add"] and s.scalar("SELECT COUNT(*) FROM audit") == audit_before + 2


def test_pixel_limit_is_exact(tmp_path):
    at = hostile.png_pixels(tmp_path / "at.png", 10_000, limits.IMAGE_MAX_PIXELS // 10_000)
    with limits.open_image(at) as im:
        assert im.size == (10_000, 8_000)
    over = hostile.png_pixels(tmp_path / "over.png", 10_001, 8_000)
    with pytest.raises(
        LimitExceeded,
        match=r"over.png: picture too large \(10,001 × 8,000 = 80 megapixels\); "
        r"the limit is 80 megapixels",
    ):
        insp.check_photo(over)


def test_photo_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "PHOTO_MAX_BYTES", 1000)
    photo = tmp_path / "大.jpg"
    photo.write_bytes(picture_bytes(size=(400, 300)))
    assert photo.stat().st_size > 1000
    with pytest.raises(LimitExceeded, match=r"大.jpg: 0\.0 MiB, over the limit of 0\.0 MiB for a picture"):
        insp.check_photo(photo)


def test_rectification_evidence_is_checked_before_anything_is_stored(people, mini, tmp_path):
    s = people.store
    iid = insp.new_inspection(s, people.inspector, template_id="mini", site_id=people.site_a, kind="inspection")
    for code, value in (("1.1", "yes"), ("1.2", "excellent"), ("2.1", 40), ("2.2", "no")):
        insp.answer(s, people.inspector, iid, code, value)
    insp.submit(s, people.inspector, iid)
    rect = s.scalar("SELECT id FROM rectifications WHERE inspection_id = ?", (iid,))
    good = tmp_path / "整改后.jpg"
    good.write_bytes(picture_bytes())
    huge = hostile.png_pixels(tmp_path / "巨图.png")
    before = (
        s.one("SELECT * FROM rectifications WHERE id = ?", (rect,)),
        s.scalar("SELECT COUNT(*) FROM audit"),
        sorted(p.name for p in s.attachments_dir.rglob("*") if p.is_file()),
    )
    with pytest.raises(LimitExceeded, match="巨图.png: picture too large"):
        rectifications.mark_done(s, people.manager_a, rect, "已整改", [good, huge])
    after = (
        s.one("SELECT * FROM rectifications WHERE id = ?", (rect,)),
        s.scalar("SELECT COUNT(*) FROM audit"),
        sorted(p.name for p in s.attachments_dir.rglob("*") if p.is_file()),
    )
    assert after == before  # not even the good photo's file was stored


def test_seal_over_the_pixel_limit_is_refused_with_the_limit(tmp_path):
    seal = hostile.png_pixels(tmp_path / "seal.png")
    assert str(settings.png_problem(seal)) == "seal.png: picture too large (900 megapixels); the limit is 80 megapixels"


def test_report_prints_a_placeholder_for_a_picture_over_the_limits(people, draft, tmp_path):
    """A photo that reached the home without the check (as a bundle from elsewhere brings its
    files): the report still renders, with the placeholder in its place."""
    s = people.store
    sha = files.put_bytes(s.attachments_dir, hostile.png_pixels(tmp_path / "巨图.png").read_bytes())
    with s.write():
        s.insert(
            "attachments",
            {
                "inspection_id": draft,
                "item_code": "1.1",
                "sha256": sha,
                "filename": "巨图.png",
                "size": 1,
                "added_by": people.inspector.id,
                "added_at": "2026-12-01T00:00:00+00:00",
            },
        )
    pdf = tmp_path / "report.pdf"
    documents.render_report(s, draft, pdf)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "照片文件缺失或已损坏" in text


def test_database_untouched_by_refused_cli_answer_on_disk(people, draft, tmp_path):
    """The same, read back from the file by a fresh connection (not the test's own)."""
    s = people.store
    huge = hostile.png_pixels(tmp_path / "巨图.png")
    assert _cli_answer(s, draft, "--photo", str(huge)) == 2
    with sqlite3.connect(s.home / "civdesk.db") as conn:
        assert conn.execute(
            "SELECT value, note FROM answers WHERE inspection_id = ? AND item_code = '1.1'", (draft,)
        ).fetchone() == ('"yes"', "原来的说明")


def test_a_signature_image_over_the_limits_is_refused_and_never_stops_a_document(people, mini, tmp_path):
    from civdesk.services import signing
    from tests.helpers.docs import EXCELLENT, make_inspection, signature_png

    s = people.store
    iid = make_inspection(people, EXCELLENT, state="approved")
    bomb = hostile.png_pixels(tmp_path / "sig.png").read_bytes()
    with pytest.raises(LimitExceeded, match=r"the handwritten signature: picture too large \(900 megapixels\)"):
        signing.sign(s, people.inspector, iid, PASSWORD, bomb)
    assert s.scalar("SELECT COUNT(*) FROM signatures WHERE inspection_id = ?", (iid,)) == 0
    # One that arrived without that check (a bundle from an older CivDesk): the documents print
    # the signer's name without the picture instead of failing.
    signing.sign(s, people.inspector, iid, PASSWORD, signature_png(1))
    with s.write():
        s.conn.execute("UPDATE signatures SET image = ? WHERE inspection_id = ?", (bomb, iid))
    r = documents.render_report(s, iid, tmp_path / "report.pdf")
    from tests.helpers.pdf import pdf_text

    assert "inspector" in pdf_text(r.pdf)
