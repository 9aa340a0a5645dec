"""Refusals of the inspection workflow: answering, review, sign-off, rectifications, scope, certificates, documents.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "rectifications.filter_one": ("筛选条件“{status}”无效，应为 {join} 之一", "filter {status!r} is not one of {join}"),
    "rectifications.no_rectification_id": ("没有编号为 {rect_id} 的整改", "no rectification with id {rect_id}"),
    "rectifications.manager_works_only_rectifications": (
        "站长只能处理本单位的整改",
        "a manager works only the rectifications of their own site",
    ),
    "rectifications.four_eyes_rule_whoever": (
        "四眼原则：标记整改完成的人不能再验证或退回它",
        "four-eyes rule: whoever marked a rectification done does not verify it",
    ),
    "rectifications.reopening_rectification_needs_reason": (
        "要求重新整改需要填写原因",
        "reopening a rectification needs a reason",
    ),
    "inspections.no_inspection": ("没有编号为 {ref} 的检查", "no inspection {ref!r}"),
    "inspections.no_inspection_id": ("没有编号为 {inspection_id} 的检查", "no inspection with id {inspection_id}"),
    "inspections.inspection_ambiguous_give_more": (
        "检查编号“{ref}”不唯一：请给出更长的 uuid",
        "inspection {ref!r} is ambiguous: give more of its uuid",
    ),
    "inspections.no_such_file": ("{path}：文件不存在", "{path}: no such file"),
    "inspections.pictures_supported_use_jpeg": (
        "“{name}”是 {fmt} 格式，不受支持；请使用 JPEG 或 PNG",
        "{name}: {fmt} pictures are not supported; use JPEG or PNG",
    ),
    "inspections.no_attachment_id": ("没有编号为 {attachment_id} 的附件", "no attachment with id {attachment_id}"),
    "inspections.returning_inspection_needs_reason": ("退回需要填写原因", "returning an inspection needs a reason"),
    "inspections.re_inspection_follows_earlier": (
        "复查针对之前的一次检查：请指定所复查的检查",
        "a re-inspection follows an earlier inspection: give the one it follows",
    ),
    "inspections.re_inspection_must_same": (
        "复查必须与所复查的检查属于同一被检单位",
        "a re-inspection must be of the same site as the inspection it follows",
    ),
    "inspections.inspection_follows_has_no": (
        "该检查没有待复查的整改项",
        "the inspection it follows has no open rectification to re-inspect",
    ),
    "inspections.template_v_has_no": (
        "检查表 {id} 第 {version} 版中没有检查项“{item_code}”",
        "template {id} v{version} has no item {item_code!r}",
    ),
    "inspections.template_has_no_item": (
        "检查表 {id} 中没有检查项“{item_code}”",
        "template {id} has no item {item_code!r}",
    ),
    "inspections.picture_civdesk_can_read": (
        "“{name}”不是可读取的图片（支持 JPEG、PNG、WebP、BMP、TIFF、GIF）",
        "{name}: not a picture CivDesk can read (JPEG, PNG, WebP, BMP, TIFF or GIF)",
    ),
    "listing.state_one": ("状态“{state}”无效，应为 {join} 之一", "state {state!r} is not one of {join}"),
    "listing.sort_one": ("排序方式“{sort}”无效，应为 {join} 之一", "sort {sort!r} is not one of {join}"),
    "signing.no_inspection_id": ("没有编号为 {inspection_id} 的检查", "no inspection with id {inspection_id}"),
    "signing.handwritten_signature_png_image": (
        "需要手写签名（PNG 图片）",
        "a handwritten signature (PNG image) is needed",
    ),
    "signing.result_earns_no_certificate": ("此结果不能获得证书", "this result earns no certificate"),
    "certificates.no_inspection_id": ("没有编号为 {inspection_id} 的检查", "no inspection with id {inspection_id}"),
    "certificates.revoking_certificate_needs_reason": ("撤销证书需要填写原因", "revoking a certificate needs a reason"),
    "review_drafts.review_comment_longer_than": (
        "审核意见超过 {max_text} 个字符",
        "a review comment is longer than {max_text} characters",
    ),
    "review_drafts.no_inspection": ("没有编号为 {inspection_id} 的检查", "no inspection {inspection_id}"),
    "documents.no_inspection_id": ("没有编号为 {inspection_id} 的检查", "no inspection with id {inspection_id}"),
    "documents.signed_inspection_s_signed": (
        "已签署检查的{what}由打印人签署：请先登录（--user）",
        "a signed inspection's {what} is signed by whoever prints it: log in first (--user)",
    ),
    "documents.inspection_only_report_signed": (
        "检查 {inspection_id} 当前为“{state}”：只有已签署检查的报告才进行数字签名",
        "inspection {inspection_id} is {state}: only the report of a signed inspection is signed digitally",
    ),
    "documents.inspection_has_no_rectification": (
        "检查 {inspection_id}（{state}）没有整改项：整改项在提交时为不合格项生成",
        "inspection {inspection_id} ({state}) has no rectification items: they are created for failed items when it is submitted",
    ),
    "documents.no_user_id": ("没有编号为 {user_id} 的用户", "no user with id {user_id}"),
    "rectification.unknown_rectification_action": (
        "未知的整改操作“{action}”",
        "unknown rectification action {action!r}",
    ),
    "rectification.cannot_rectification": (
        "此整改当前为“{rect_state}”，不能{action}",
        "cannot {action} a rectification that is {rect_state}",
    ),
    "rectification.cannot_rectification2": ("{role}不能{action}整改", "a {role} cannot {action} a rectification"),
    "rectification.marking_rectification_done_needs": (
        "标记已整改需要证据：填写整改说明或附照片",
        "marking a rectification done needs evidence (a note or a photo)",
    ),
    "workflow.unknown_inspection_kind_expected": (
        "未知的检查类型“{kind}”，应为 {join} 之一",
        "unknown inspection kind {kind!r}; expected one of {join}",
    ),
    "workflow.unknown_action": ("未知的操作“{action}”", "unknown action {action!r}"),
    "workflow.inspection_frozen_nothing_can": (
        "此检查{state}，已冻结，任何人都不能再修改",
        "the inspection is {state} and frozen: nothing can change it",
    ),
    "workflow.cannot_inspection_only_from": (
        "此检查当前为“{state}”，不能{action}（只能从“{from_states}”）",
        "cannot {action} an inspection that is {state} (only from {from_states})",
    ),
    "workflow.self_assessment_written_staff": (
        "自评由本单位的职工或站长填写",
        "a self-assessment is written by staff or the manager of that site",
    ),
    "workflow.only_inspector_starts": ("只有检查员可以发起{kind}", "only an inspector starts an {kind}"),
    "workflow.only_author_may_inspection": (
        "只有作者可以{action}此检查",
        "only the author may {action} this inspection",
    ),
    "workflow.four_eyes_rule_nobody": (
        "四眼原则：任何人都不能审核自己的工作",
        "four-eyes rule: nobody reviews their own work",
    ),
    "workflow.only_manager_inspected_site": (
        "只有被检单位的站长可以审核此检查",
        "only the manager of the inspected site reviews it",
    ),
    "workflow.only_author_reviewer_sign": (
        "只有作者和审核人可以签署此检查",
        "only the author and the reviewer sign an inspection",
    ),
    "workflow.you_have_already_signed": ("您已经签署过此检查", "you have already signed this inspection"),
    "workflow.certificates_issued_assessing_side": (
        "证书由检查方（管理员或检查员）颁发，被检单位的站长和职工不能为本单位发证",
        "certificates are issued by the assessing side (an admin or an inspector), never by the site's manager or staff",
    ),
    "workflow.certificate_issued_only_from": (
        "证书只依据检查员的检查结果颁发，自评和复查不能发证",
        "a certificate is issued only from an inspection (检查), never from a self-assessment or a re-inspection",
    ),
    "scoring.item_falls_no_band": (
        "检查项 {item_code}：{value:g} 不在任何档次内",
        "item {item_code}: {value:g} falls in no band",
    ),
    "scoring.item_number": ("检查项 {item_code}：“{raw}”不是数字", "item {item_code}: {raw!r} is not a number"),
    "scoring.item_finite_number": (
        "检查项 {item_code}：“{raw}”不是有限的数字",
        "item {item_code}: {raw!r} is not a finite number",
    ),
    "scoring.item_below_minimum": (
        "检查项 {item_code}：{raw} 小于最小值 {min:g}{unit}",
        "item {item_code}: {raw} is below the minimum {min:g}{unit}",
    ),
    "scoring.item_above_maximum": (
        "检查项 {item_code}：{raw} 大于最大值 {max:g}{unit}",
        "item {item_code}: {raw} is above the maximum {max:g}{unit}",
    ),
    "scoring.item_must_whole_number": (
        "检查项 {item_code}：{what}必须是不小于 0 的整数，不能是“{raw}”",
        "item {item_code}: {what} must be a whole number ≥ 0, not {raw!r}",
    ),
    "scoring.item_answer_empty": ("检查项 {item_code}：答案为空", "item {item_code}: the answer is empty"),
    "scoring.item_number2": (
        "检查项 {item_code}：“{raw}”不是数字{hint}",
        "item {item_code}: {raw!r} is not a number{hint}",
    ),
    "scoring.item_one": (
        "检查项 {item_code}：“{raw}”无效，应为 {join} 之一",
        "item {item_code}: {raw!r} is not one of {join}",
    ),
    "scoring.item_one_na": (
        "检查项 {item_code}：“{raw}”无效，应为 {join} 或 na 之一",
        "item {item_code}: {raw!r} is not one of {join}, na",
    ),
    "scoring.unknown_item_code_template": (
        "检查表 {id} 中没有检查项“{item_code}”",
        "unknown item code {item_code!r} in template {id}",
    ),
    "scoring.item_date_yyyy_mm": (
        "检查项 {item_code}：“{raw}”不是日期（YYYY-MM-DD）",
        "item {item_code}: {raw!r} is not a date (YYYY-MM-DD)",
    ),
    "scope.site_outside": (
        "“{site}”不在您负责的范围内：您只能查看和处理本人负责的单位",
        "this site ({site}) is outside your scope: you see and act on your own sites only",
    ),
    "scope.outside": (
        "此被检单位不在您负责的范围内：您只能查看和处理本人负责的单位",
        "this site is outside your scope: you see and act on your own sites only",
    ),
    "inspection.submit_blocked": (
        "不能提交，有 {count} 项未完成：{listed}{more}",
        "cannot submit, {count} item(s) block it: {listed}{more}",
    ),
    "blocker.unanswered": ("{item} 未作答", "{item} unanswered"),
    "blocker.photo_missing": ("{item} 不符合项缺少照片", "{item}: failed, no photo"),
    "blocker.note_missing": ("{item} 不符合项缺少说明", "{item}: failed, no note"),
    "certificate.out_of_scope": (
        "“{site}”不在您负责的范围内，不能为其颁发、打印或撤销证书",
        "{site} is outside your scope: you cannot issue, print or revoke its certificate",
    ),
    "certificate.not_assessor": (
        "证书由检查方（管理员或检查员）颁发，被检单位的站长和职工不能为本单位发证",
        "certificates are issued by the assessing side (an admin or an inspector), never by the site's manager or staff",
    ),
    "certificate.self_assessment": (
        "自评不能颁发证书：证书只依据检查员的检查结果颁发",
        "a certificate is issued only from an inspection (检查), never from a self-assessment (自评)",
    ),
    "certificate.reinspection": (
        "复查用于关闭整改项；证书从它所复查的检查（#{follows}）颁发",
        "a re-inspection (复查) closes rectifications; the certificate is issued from the inspection it follows (#{follows})",
    ),
    "certificate.not_signed": (
        "检查 {inspection_id} 当前为“{state}”：双方签署后才能颁发证书",
        "inspection {inspection_id} is {state}: a certificate is issued only for a signed inspection (both signatures)",
    ),
    "certificate.already_issued": (
        "检查 {inspection_id} 已颁发证书 {serial}，可再次打印",
        "inspection {inspection_id} already has certificate {serial}; print it again instead",
    ),
    "certificate.revoked": (
        "检查 {inspection_id} 的证书 {serial} 已撤销（{why}），不能再打印或重新颁发；需要新的检查",
        "the certificate {serial} of inspection {inspection_id} was revoked ({why}); it is not printed or issued again: a new inspection is needed for a new certificate",
    ),
    "certificate.rectifications_open": (
        "检查 {inspection_id} 还有 {count} 项整改未验证（{codes}）：经签署的复查关闭后才能颁发证书",
        "inspection {inspection_id} has {count} rectification(s) not verified yet ({codes}): a signed re-inspection must close them first",
    ),
    "certificate.no_title": (
        "检查 {inspection_id} 的结果为“{level}”（{percent}%），达不到检查表规定的发证等级：{rules}",
        "inspection {inspection_id} ({level}, {percent}%) earns no certificate: {rules}",
    ),
    "certificate.wrong_title": (
        "检查 {inspection_id} 不能获得“{title}”（可获得：{titles}）",
        "inspection {inspection_id} does not earn “{title}” (it earns: {titles})",
    ),
    "certificate.needs_user": (
        "检查 {inspection_id} 还没有证书：颁发证书需要管理员或检查员登录（--user）",
        "inspection {inspection_id} has no certificate yet: issuing one needs an admin or an inspector (--user)",
    ),
    "certificate.not_issued": ("检查 {inspection_id} 还没有证书", "inspection {inspection_id} has no certificate"),
}
