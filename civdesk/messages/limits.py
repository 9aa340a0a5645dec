"""Input refused before it is read in full: sizes, nesting, aliases, pictures, workbooks.

Each code: (Chinese, English), with the same {named} placeholders.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "limits.lists_mappings_nested_more": (
        "“{what}”的内容嵌套超过 {data_max_depth} 层（上限 {data_max_depth} 层），已拒绝",
        "{what}: lists and mappings nested more than {data_max_depth} deep (the limit is {data_max_depth})",
    ),
    "limits.picture_too_large_size": (
        "“{name}”图片过大（{width:,} × {height:,} = {megapixels:,.0f} 百万像素），上限为 {limit} 百万像素；未做任何改动",
        "{name}: picture too large ({width:,} × {height:,} = {megapixels:,.0f} megapixels); the limit is {limit} megapixels",
    ),
    "limits.picture_too_large_pixels": (
        "“{name}”图片过大（{megapixels:,.0f} 百万像素），上限为 {limit} 百万像素；未做任何改动",
        "{name}: picture too large ({megapixels:,.0f} megapixels); the limit is {limit} megapixels",
    ),
    "limits.picture_too_large": (
        "“{name}”图片过大，上限为 {limit} 百万像素；未做任何改动",
        "{name}: picture too large; the limit is {limit} megapixels",
    ),
    "limits.characters_over_limit": (
        "“{what}”有 {count:,} 个字符，超过上限 {mib}",
        "{what}: {count:,} characters, over the limit of {mib}",
    ),
    "limits.over_limit_picture": (
        "“{name}”文件过大（{mib}），图片上限为 {mib2}；未做任何改动",
        "{name}: {mib}, over the limit of {mib2} for a picture",
    ),
    "limits.over_limit_picture2": (
        "“{what}”文件过大（{mib}），图片上限为 {mib2}；未做任何改动",
        "{what}: {mib}, over the limit of {mib2} for a picture",
    ),
    "limits.over_limit": (
        "“{name}”文件过大（{kind}，{mib}），上限为 {mib2}；未做任何改动",
        "{name}: {kind} of {mib}, over the limit of {mib2}",
    ),
    "limits.no_such_file": ("{path}：文件不存在", "{path}: no such file"),
    "limits.utf_text": ("“{path}”不是 UTF-8 文本", "{path}: not UTF-8 text"),
    "limits.folder_file": ("“{path}”是文件夹，不是文件", "{path}: is a folder, not a file"),
    "limits.cannot_read": ("无法读取“{path}”：{reason}", "{path}: cannot be read ({reason})"),
    "limits.yaml_alias_refers_list": (
        "“{what}”中的 YAML 别名引用了包含它自身的内容，已拒绝",
        "{what}: a YAML alias refers to a list or mapping that contains it",
    ),
    "limits.more_than_values_once": (
        "“{what}”的 YAML 别名展开后超过 {data_max_values:,} 个值（上限 {data_max_values:,}，可能是恶意的“别名炸弹”），已拒绝",
        "{what}: more than {data_max_values:,} values once its YAML aliases are expanded (the limit is {data_max_values:,}): a possible alias bomb",
    ),
    "limits.picture_civdesk_can_read": ("“{what}”不是可读取的图片", "{what}: not a picture CivDesk can read"),
    "limits.more_than_yaml_aliases": (
        "“{what}”使用了超过 {yaml_max_aliases} 个 YAML 别名（*名称），上限为 {yaml_max_aliases}，已拒绝",
        "{what}: more than {yaml_max_aliases} YAML aliases (*name); the limit is {yaml_max_aliases}",
    ),
    "xlsx_guard.part_declares_dtd_workbooks": (
        "部件 {filename} 含有 XML 实体声明（DTD），此类工作簿一律拒绝（可能是恶意的“实体炸弹”）",
        "part {filename} declares a DTD; workbooks with XML entity declarations are refused (a possible entity bomb)",
    ),
    "xlsx_guard.uses_row_beyond_limit": (
        "{part} 用到第 {row:,} 行，超过上限 {xlsx_max_rows:,} 行，已拒绝",
        "{part} uses row {row:,}, beyond the limit of {xlsx_max_rows:,} rows",
    ),
    "xlsx_guard.uses_column_beyond_limit": (
        "{part} 用到第 {col:,} 列，超过上限 {xlsx_max_columns} 列，已拒绝",
        "{part} uses column {col:,}, beyond the limit of {xlsx_max_columns} columns",
    ),
    "xlsx_guard.over_limit_workbook": (
        "文件过大（{mib}），工作簿上限为 {mib2}",
        "{mib}, over the limit of {mib2} for a workbook",
    ),
    "xlsx_guard.more_than_xml_elements": (
        "XML 元素超过 {xlsx_max_elements:,} 个（上限 {xlsx_max_elements:,}），已拒绝",
        "more than {xlsx_max_elements:,} XML elements (the limit is {xlsx_max_elements:,})",
    ),
    "xlsx_guard.part_well_formed_xml": (
        "“{name}”：部件 {filename} 不是格式正确的 XML（{errorstring}）",
        "{name}: part {filename} is not well-formed XML ({errorstring})",
    ),
    "xlsx_guard.part_damaged": ("“{name}”：部件 {filename} 已损坏（{e}）", "{name}: part {filename} is damaged ({e})"),
    "xlsx_guard.no_such_file": ("{path}：文件不存在", "{path}: no such file"),
    "xlsx_guard.excel_workbook_zip_file": (
        "“{path}”不是 Excel 工作簿（不是 zip 文件）",
        "{path}: not an Excel workbook (not a zip file)",
    ),
    "xlsx_guard.cannot_read": ("无法读取“{path}”：{reason}", "{path}: cannot be read ({reason})"),
    "xlsx_guard.parts_over_limit": (
        "含有 {count:,} 个部件，超过上限 {xlsx_max_members} 个，已拒绝",
        "{count:,} parts, over the limit of {xlsx_max_members}",
    ),
    "xlsx_guard.unpacks_over_limit_possible": (
        "解压后为 {mib}，超过上限 {mib2}（可能是恶意的“压缩炸弹”），已拒绝",
        "unpacks to {mib}, over the limit of {mib2} (a possible zip bomb)",
    ),
    "xlsx_guard.excel_workbook": ("“{path}”不是 Excel 工作簿（{e}）", "{path}: not an Excel workbook ({e})"),
    "xlsx_guard.more_than_cells_limit": (
        "单元格超过 {xlsx_max_cells:,} 个（上限 {xlsx_max_cells:,}），已拒绝",
        "more than {xlsx_max_cells:,} cells (the limit is {xlsx_max_cells:,})",
    ),
    "xlsx_guard.in_file": ("“{name}”：{detail}", "{name}: {detail}"),
}
