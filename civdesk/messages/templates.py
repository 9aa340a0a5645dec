"""Refusals about checklists (templates) and their Excel workbooks.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "excel.choose_at_least_one": ("请至少选择一项检查导出", "choose at least one inspection to export"),
    "template_xlsx.no_template_version": (
        "没有检查表 {template_id} 第 {version} 版",
        "no template {template_id} version {version}",
    ),
    "template_xlsx.no_sheet_template_workbook": (
        "“{path}”中没有工作表“{name}”（检查表工作簿含有 {join}）",
        "{path}: no sheet {name!r} (a template workbook has {join})",
    ),
    "template_xlsx.sheet_has_unknown_column": (
        "“{path}”：工作表“{name}”中有未知的列“{value}”",
        "{path}: sheet {name!r} has an unknown column {value!r}",
    ),
    "template_xlsx.sheet_bands_names_item": (
        "“{path}”：工作表 bands 引用了检查项“{next}”，但工作表 items 中没有它",
        "{path}: sheet 'bands' names item {next!r}, which sheet 'items' lacks",
    ),
    "template_xlsx.items_name_section_which": (
        "“{path}”：检查项引用了章节“{next}”，但工作表 sections 中没有它",
        "{path}: items name section {next!r}, which sheet 'sections' lacks",
    ),
    "template_xlsx.only_admin_imports_templates": ("只有管理员可以导入检查表", "only an admin imports templates"),
    "template_xlsx.must_json_e_g": (
        '“{path}”：{where} 必须是 JSON，例如 {{"good": 0.8}}',
        '{path}: {where} must be JSON, e.g. {{"good": 0.8}}',
    ),
    "template_xlsx.section_names_parent_which": (
        "“{path}”：章节 {item_code} 的上级“{parent}”在其后或不存在",
        "{path}: section {item_code} names parent {parent!r}, which comes later or is missing",
    ),
    "template_xlsx.sheet_template_has_unknown": (
        "“{path}”：工作表 template 中有未知的键“{key}”",
        "{path}: sheet 'template' has an unknown key {key!r}",
    ),
    "templates.sections_nested_more_than": (
        "“{name}”的章节嵌套超过 {max_section_depth} 层（上限 {max_section_depth} 层），已拒绝",
        "{name}: sections nested more than {max_section_depth} deep (the limit is {max_section_depth})",
    ),
    "templates.only_admin_changes_templates": ("只有管理员可以修改检查表", "only an admin changes templates"),
    "templates.only_admin_imports_templates": ("只有管理员可以导入检查表", "only an admin imports templates"),
    "templates.no_template_version_id": ("没有编号为 {pk} 的检查表版本", "no template version with id {pk}"),
    "templates.no_template_installed": (
        "没有检查表“{template_id}”（已安装：{ids}）",
        "no template {template_id!r} (installed: {ids})",
    ),
    "templates.template_id_already_exists": ("已有编号为“{id}”的检查表", "a template with id {id!r} already exists"),
    "templates.valid_yaml": ("“{path}”不是有效的 YAML{where}", "{path}: not valid YAML{where}"),
    "template.invalid": ("检查表无效：{problem}", "{problem}"),
    "template.invalid_more": ("检查表无效：{problem}（另有 {more} 处问题）", "{problem} (and {more} more)"),
    "template.parameter_choice": (
        "参数 {name}=“{value}”无效，应为 {choices} 之一",
        "parameter {name}={value!r} is not one of {choices}",
    ),
    "template.unknown_parameter": (
        "检查表 {template} 没有参数“{name}”",
        "unknown parameter {name!r} for template {template}",
    ),
}
