"""``civdesk templates`` and ``civdesk score``: checklist templates and scoring an answers file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..domain.scoring import coerce_value, score
from ..domain.template import TemplateError
from ..domain.template_parsing import validate_template
from ..messages import render as say
from .common import EXIT_OK, CliError, emit, login, open_store, parse_params, table

# ----------------------------------------------------------------------------- templates


def cmd_templates(args) -> int:
    from ..services import templates

    if args.action == "validate":
        data = templates.load_file(args.file)
        problems = validate_template(data)
        if problems:
            raise TemplateError(problems)
        emit(args, {"valid": True, "file": args.file}, lambda d: say("cli.template_valid", file=args.file))
        return EXIT_OK
    store = open_store(args)
    if args.action == "list":
        rows = [t.as_json() for t in templates.list_templates(store)]
        emit(
            args,
            rows,
            lambda rs: table(
                rs, [("id", "id"), ("version", "version"), ("items", "items"), ("scope", "scope"), ("title", "title")]
            ),
        )
    elif args.action == "show":
        from ..domain.wording import correction_lines, corrections

        tpl = templates.latest(store, args.id)
        data = {
            "id": tpl.id,
            "version": tpl.version,
            "title": tpl.title,
            "scope": tpl.scope,
            "parameters": [p.__dict__ for p in tpl.parameters],
            "levels": [lv.__dict__ for lv in tpl.levels],
            "certificates": [{"title": c.title, "levels": list(c.levels)} for c in tpl.certificates],
            "items": [
                {
                    "code": i.code,
                    "type": i.type,
                    "points": i.points,
                    "veto": i.veto,
                    "required": i.required,
                    "text": i.text,
                    "source_text": i.source_text or i.text,
                    "scored_by": i.scored_by or None,
                }
                for i in tpl.items()
            ],
            "corrections": [c.as_dict() for c in corrections(tpl)],
        }

        def text(d):
            lines = [
                say("cli.template_heading", id=d["id"], version=d["version"], title=d["title"], count=len(d["items"]))
            ]
            for sec in tpl.all_sections():
                depth = sec.code.count(".")
                lines.append("  " * depth + f"{sec.code} {sec.title}")
                for it in sec.items:
                    flag = say("cli.veto_flag") if it.veto else ""
                    lines.append(
                        "  " * (depth + 1)
                        + say(
                            "cli.template_item_one" if it.points == 1 else "cli.template_item",
                            code=it.code,
                            type=it.type,
                            points=it.points,
                            veto=flag,
                            text=it.text,
                        )
                    )
            lines += correction_lines(d["corrections"])
            return "\n".join(lines)

        emit(args, data, text)
    elif args.action == "import":
        from ..services.templates import import_file

        by = login(args, store)
        pk, version, created = import_file(store, args.file, by=by)
        emit(
            args,
            {"pk": pk, "version": version, "created": created},
            lambda d: say("cli.imported_version" if created else "cli.unchanged_version", version=version),
        )
    return EXIT_OK


# ----------------------------------------------------------------------------- score


def _load_template_ref(args, ref: str):
    from ..domain.template_parsing import parse_template
    from ..services import templates

    if ref.endswith((".yaml", ".yml", ".json")) or os.path.sep in ref:
        return parse_template(templates.load_file(ref))
    return templates.latest(open_store(args), ref)


def cmd_score(args) -> int:
    tpl = _load_template_ref(args, args.template)
    from ..services.limits import load_json, read_text

    try:
        doc = load_json(read_text(args.answers, "answers file"), Path(args.answers).name)
    except json.JSONDecodeError as e:
        raise CliError("cli.valid_json", answers=args.answers, e=e) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("answers", {}), dict):
        raise CliError("cli.expected_answers", answers=args.answers)
    params = dict(doc.get("params") or {})
    params.update(parse_params(args.param))
    params = tpl.resolve_params(params)  # InputError names a bad parameter
    answers = {}
    for code, raw in (doc.get("answers") or {}).items():
        try:
            item = tpl.item(code)
        except KeyError:
            raise CliError("cli.unknown_item_code_template", item_code=code, id=tpl.id) from None
        answers[code] = coerce_value(item, raw)
    result = score(tpl, answers, params)
    data = {
        "template": tpl.id,
        "version": tpl.version,
        "params": params,
        "score": result.score,
        "max": result.max,
        "percent": result.percent,
        "level": result.level,
        "level_label": result.level_label,
        "vetoed": result.vetoed,
        "veto_items": result.veto_items,
        "certificates": result.certificates,
        "sections": [
            {"code": s.code, "title": s.title, "score": s.score, "max": s.max, "percent": s.percent}
            for s in result.sections
        ],
        "items": [
            {"code": i.code, "grade": i.grade, "score": i.score, "max": i.max, "failed": i.failed}
            for i in result.items
            if tpl.item(i.code).scored
        ],
        "unanswered": result.unanswered,
    }

    def text(d):
        lines = [
            say(
                "cli.score_line",
                title=tpl.title,
                version=tpl.version,
                score=d["score"],
                max=d["max"],
                percent=d["percent"],
                level=d["level_label"],
            )
        ]
        if d["vetoed"]:
            lines.append(say("cli.vetoed_by", items=", ".join(d["veto_items"])))
        if d["unanswered"]:
            lines.append(say("cli.unanswered", count=len(d["unanswered"]), items=", ".join(d["unanswered"][:20])))
        return "\n".join(lines)

    emit(args, data, text)
    return EXIT_OK
