"""Problems found in a checklist definition (civdesk templates validate/import, the template editor).

Each code: (Chinese, English), with the same {named} placeholders; the problem's path is shown
before it unchanged (``sections[2].items[4].bands[1]``), since it names the definition's own keys.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "tproblem.invalid": ("检查表无效", "invalid template"),
    "tproblem.band_bounds": (
        "一个分段最多有一个下界（gt/ge）和一个上界（lt/le）",
        "a band has at most one lower bound (gt/ge) and one upper bound (lt/le)",
    ),
    "tproblem.band_empty": ("分段 {band} 是空的", "band {band} is empty"),
    "tproblem.band_grade": ("等级 {grade!r} 不是 {choices} 之一", "grade {grade!r} is not one of {choices}"),
    "tproblem.band_not_mapping": (
        "分段必须是含 grade 和 gt/ge/lt/le 的映射",
        "a band must be a mapping with grade and gt/ge/lt/le",
    ),
    "tproblem.band_overlaps": ("分段 {band} 与前一个分段重叠", "band {band} overlaps the band before it"),
    "tproblem.band_unknown_key": ("分段中有未知的键 {key!r}", "unknown key {key!r} in band"),
    "tproblem.bands_both": (
        "bands 与 bands_by/band_variants 只能用其一",
        "use either bands or bands_by/band_variants, not both",
    ),
    "tproblem.bands_by_unknown": (
        "分段依据了未知的参数 {bands_by!r}",
        "bands depend on unknown parameter {bands_by!r}",
    ),
    "tproblem.bands_by_variants": (
        "bands_by 需要 band_variants：每个参数值一组分段",
        "bands_by needs band_variants: one band list per parameter value",
    ),
    "tproblem.bands_empty": ("bands 必须是非空列表", "bands must be a non-empty list"),
    "tproblem.bound_not_number": ("边界必须是数，不能是 {value!r}", "bound must be a number, not {value!r}"),
    "tproblem.certificate_levels": (
        "levels 必须列出可获得证书的等次名称",
        "levels must list the level names that earn the certificate",
    ),
    "tproblem.certificate_title": ("证书规则需要标题", "a certificate rule needs a title"),
    "tproblem.children_not_lists": ("items 和 sections 必须是列表", "items and sections must be lists"),
    "tproblem.choice_labels": ("choice_labels 必须是映射", "choice_labels must be a mapping"),
    "tproblem.choices": ("choices 必须是非空的文本列表", "choices must be a non-empty list of text values"),
    "tproblem.default_choice": ("默认值 {default!r} 不在可选值中", "default {default!r} is not one of the choices"),
    "tproblem.duplicate_code": (
        "编号 {code!r} 重复（首次用于 {first}）",
        "duplicate code {code!r} (first used at {first})",
    ),
    "tproblem.empty": ("{key} 不能为空", "{key} must not be empty"),
    "tproblem.evidence_keys": (
        "evidence 只接受 photo_on_fail 和 note_on_fail（true/false）",
        "evidence takes photo_on_fail and note_on_fail (true/false)",
    ),
    "tproblem.fractions_not_mapping": (
        "必须是 {choices} 到 0 至 1 之间比例的映射",
        "must be a mapping of {choices} to a share between 0 and 1",
    ),
    "tproblem.gap_above": ("分段在 {upper} 以上留有空缺", "bands leave a gap above {upper}"),
    "tproblem.gap_at": (
        "分段留有空缺：{upper} 本身不属于任何分段",
        "bands leave a gap: {upper} itself falls in no band",
    ),
    "tproblem.gap_below": ("分段在 {lower} 以下留有空缺", "bands leave a gap below {lower}"),
    "tproblem.gap_between": ("分段在 {upper} 与 {lower} 之间留有空缺", "bands leave a gap between {upper} and {lower}"),
    "tproblem.grade_no_share": ("等级 {g!r} 在 {fractions} 中没有比例", "grade {g!r} has no share in {fractions}"),
    "tproblem.item_code": ("检查项编号 {code!r} 必须是形如“2.3”的文本", 'item code {code!r} must be text like "2.3"'),
    "tproblem.item_method": (
        "未知的检查方式 {method!r}；应为 {choices} 之一",
        "unknown method {method!r}; expected one of {choices}",
    ),
    "tproblem.item_not_mapping": ("检查项必须是映射", "an item must be a mapping"),
    "tproblem.item_type": (
        "未知的检查项类型 {typ!r}；应为 {choices} 之一",
        "unknown item type {typ!r}; expected one of {choices}",
    ),
    "tproblem.item_unknown_key": ("检查项中有未知的键 {k!r}", "unknown item key {k!r}"),
    "tproblem.level_duplicate": ("等次 {name!r} 重复", "duplicate level {name!r}"),
    "tproblem.level_fields": ("等次需要 name、label 和 min_percent", "a level needs name, label and min_percent"),
    "tproblem.levels_empty": ("levels 必须是非空列表，最高等次在前", "levels must be a non-empty list, highest first"),
    "tproblem.levels_order": (
        "等次必须从高到低排列，min_percent 依次下降",
        "levels must be listed highest first with falling min_percent",
    ),
    "tproblem.lowest_level": ("最低等次必须从 0 开始", "the lowest level must start at 0"),
    "tproblem.min_max": ("最小值 {lo} 必须小于最大值 {hi}", "min {lo} must be below max {hi}"),
    "tproblem.min_percent_range": (
        "min_percent 必须在 0 至 100 之间，不能是 {mp!r}",
        "min_percent must be between 0 and 100, not {mp!r}",
    ),
    "tproblem.missing": ("缺少 {key}", "{key} is missing"),
    "tproblem.no_scored_item": ("检查表中没有计分的检查项", "the template has no scored item"),
    "tproblem.not_bool": ("{key} 必须是 true 或 false，不能是 {val!r}", "{key} must be true or false, not {val!r}"),
    "tproblem.not_mapping": ("检查表的顶层必须是映射", "a template must be a mapping at the top level"),
    "tproblem.not_number": ("{key} 必须是数，不能是 {v!r}", "{key} must be a number, not {v!r}"),
    "tproblem.not_text": ("{key} 必须是文本，不能是 {typename}", "{key} must be text, not {typename}"),
    "tproblem.parameter_duplicate": ("参数 {name!r} 重复", "duplicate parameter {name!r}"),
    "tproblem.parameter_name": (
        "参数名 {name!r} 必须是小写标识符",
        "parameter name {name!r} must be a lowercase identifier",
    ),
    "tproblem.parameter_not_mapping": ("参数必须是映射", "a parameter must be a mapping"),
    "tproblem.parameters_not_list": ("parameters 必须是列表", "parameters must be a list"),
    "tproblem.partial_fraction": (
        "partial_fraction 必须在 0 至 1 之间，不能是 {partial!r}",
        "partial_fraction must be between 0 and 1, not {partial!r}",
    ),
    "tproblem.per_violation": (
        "per_violation 必须是大于 0 的数，不能是 {per_violation!r}",
        "per_violation must be a number above 0, not {per_violation!r}",
    ),
    "tproblem.points_negative": ("分值不能为负（{points}）", "points must not be negative ({points})"),
    "tproblem.points_not_number": ("分值必须是数，不能是 {points!r}", "points must be a number, not {points!r}"),
    "tproblem.rectification_days": (
        "rectification_days 必须是不小于 1 的整数，不能是 {rdays!r}",
        "rectification_days must be a whole number ≥ 1, not {rdays!r}",
    ),
    "tproblem.scope": ("适用范围 {scope!r} 不是 {choices} 之一", "scope {scope!r} is not one of {choices}"),
    "tproblem.scored_by_not_code": (
        "scored_by 必须是为其计分的检查项的编号，不能是 {other!r}",
        "scored_by must be the code of the item that scores it, not {other!r}",
    ),
    "tproblem.scored_by_points": (
        "由其他检查项计分的检查项不带分值，也不能是否决项",
        "an item scored by another item carries no points and is no veto item",
    ),
    "tproblem.scored_by_unknown": (
        "scored_by {other!r} 必须指向本检查表中另一个计分的检查项",
        "scored_by {other!r} must name another item of this template that is scored",
    ),
    "tproblem.scored_by_wrong_type": (
        "只有 measure 或 tiers 检查项可以记录由其他检查项计分的数值，不能是 {typ}",
        "only a measure or tiers item records a value scored by another item, not a {typ}",
    ),
    "tproblem.scoring_not_mapping": ("scoring 必须是映射", "scoring must be a mapping"),
    "tproblem.section_code": ("章节编号 {code!r} 必须是形如“2”的文本", 'section code {code!r} must be text like "2"'),
    "tproblem.section_no_items": ("章节 {code} 没有检查项", "section {code} has no items"),
    "tproblem.section_not_mapping": ("章节必须是映射", "a section must be a mapping"),
    "tproblem.section_unknown_key": ("章节中有未知的键 {k!r}", "unknown section key {k!r}"),
    "tproblem.sections_empty": ("sections 必须是非空列表", "sections must be a non-empty list"),
    "tproblem.share_range": (
        "比例必须是 0 至 1 之间的数，不能是 {v!r}",
        "share must be a number between 0 and 1, not {v!r}",
    ),
    "tproblem.source_words_not_text": (
        "{key} 必须是原文的非空文本，不能是 {raw!r}",
        "{key} must be the source's words as non-empty text, not {raw!r}",
    ),
    "tproblem.source_words_rewritten": (
        "{key} 与显示的措辞相差 {count} 个字：更正只改少数几个字，不能改写评价标准",
        "{key} differs from the wording shown in {count} characters: a correction changes a few characters, it does not rewrite the criterion",
    ),
    "tproblem.source_words_same": (
        "{key} 与显示的措辞相同；没有更正时请省略",
        "{key} is the same as the wording shown; leave it out when nothing is corrected",
    ),
    "tproblem.takes_no": ("{typ} 检查项不接受 {key}", "a {typ} item takes no {key}"),
    "tproblem.template_id": (
        "检查表编号 {tid!r} 只能由小写字母、数字和“-”组成",
        "template id {tid!r} must be lowercase letters, digits and '-'",
    ),
    "tproblem.too_deep": (
        "章节嵌套超过 {limit} 层（上限 {limit} 层）",
        "sections nested more than {limit} deep (the limit is {limit})",
    ),
    "tproblem.unknown_grade": (
        "未知的等级 {k!r}；应为 {choices} 之一",
        "unknown grade {k!r}; expected one of {choices}",
    ),
    "tproblem.unknown_key": ("检查表中有未知的键 {k!r}", "unknown template key {k!r}"),
    "tproblem.unknown_level": ("未知的等次 {name!r}", "unknown level {name!r}"),
    "tproblem.unscored_points": ("{typ} 检查项不计分，不能带分值", "a {typ} item is unscored and cannot carry points"),
    "tproblem.unscored_veto": (
        "{typ} 检查项不计分，不能是否决项",
        "a {typ} item is unscored and cannot be a veto item",
    ),
    "tproblem.variant_missing": ("{bands_by}={choice} 没有分段", "no bands for {bands_by}={choice}"),
    "tproblem.variant_unknown_value": (
        "分段变体对应的 {bands_by} 取值 {value!r} 不存在",
        "band variant for unknown {bands_by} value {value!r}",
    ),
    "tproblem.version": (
        "version 必须是不小于 1 的整数，不能是 {version!r}",
        "version must be a whole number ≥ 1, not {version!r}",
    ),
}
