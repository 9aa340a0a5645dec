"""Test data every folder shares: the password test users get, the small ``mini`` checklist, and a
small real picture."""

from __future__ import annotations

import io

from PIL import Image

# Every user the fixtures create (tests/conftest.py ``people``, tests/ui/conftest.py ``crew``) has it.
PASSWORD = "correct-horse-1"
# benchmarks/synthetic.py gives every user of the populated home this one.
SYNTHETIC_PASSWORD = "benchmark-pw"

# A small checklist with one item of each kind the services need: evidence on fail, a measure
# with region bands, a veto item and an unscored note.
MINI = {
    "id": "mini",
    "title": "小型检查表",
    "version": 1,
    "scope": "toll_station",
    "rectification_days": 20,
    "parameters": [
        {"name": "region", "label": "地区", "default": "east", "choices": ["east", "central", "northeast", "west"]}
    ],
    "scoring": {"partial_fraction": 0.5},
    "levels": [
        {"name": "excellent", "label": "优秀", "min_percent": 90},
        {"name": "good", "label": "良好", "min_percent": 80},
        {"name": "pass", "label": "达标", "min_percent": 60},
        {"name": "fail", "label": "不达标", "min_percent": 0},
    ],
    "certificates": [{"title": "文明服务示范窗口", "levels": ["excellent"]}],
    "sections": [
        {
            "code": "1",
            "title": "服务",
            "items": [
                {
                    "code": "1.1",
                    "text": "使用文明用语",
                    "type": "check",
                    "points": 10,
                    "evidence": {"photo_on_fail": True, "note_on_fail": True},
                },
                {"code": "1.2", "text": "服务态度热情", "type": "grade", "points": 10},
            ],
        },
        {
            "code": "2",
            "title": "环境",
            "items": [
                {
                    "code": "2.1",
                    "text": "建成区绿地率",
                    "type": "measure",
                    "points": 10,
                    "unit": "%",
                    "min": 0,
                    "max": 100,
                    "bands_by": "region",
                    "band_variants": {
                        "east": [
                            {"grade": "excellent", "gt": 31},
                            {"grade": "good", "gt": 28, "le": 31},
                            {"grade": "pass", "le": 28},
                        ],
                        "central": [
                            {"grade": "excellent", "gt": 31},
                            {"grade": "good", "gt": 28, "le": 31},
                            {"grade": "pass", "le": 28},
                        ],
                        "northeast": [
                            {"grade": "excellent", "gt": 31},
                            {"grade": "good", "gt": 28, "le": 31},
                            {"grade": "pass", "le": 28},
                        ],
                        "west": [
                            {"grade": "excellent", "gt": 21},
                            {"grade": "good", "gt": 18, "le": 21},
                            {"grade": "pass", "le": 18},
                        ],
                    },
                },
                {"code": "2.2", "text": "无黄赌毒现象", "type": "check", "points": 5, "veto": True},
                {"code": "2.3", "text": "其他情况", "type": "text", "required": False},
            ],
        },
    ],
}


def picture_bytes(fmt: str = "JPEG", color=(40, 120, 200), size=(32, 24)) -> bytes:
    """A small real picture (attach_photo refuses files that are not pictures)."""
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()
