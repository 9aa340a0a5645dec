<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  Chinese for the few texts of Qt's own dialogs that Qt's qtbase_zh_CN.qm (shipped in the
  PySide6-Essentials wheel) leaves in English: found by rendering the non-native file dialog and
  the print dialog under zh_CN (tests/ui/test_qt_dialogs_chinese.py lists every text they show).
  Compiled to qt_extra_zh_CN.qm by `python -m civdesk.ui.i18n compile`; civdesk/ui/i18n.py installs
  it beside Qt's own translation.
-->
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>QFileDialog</name>
    <message>
      <source>&amp;Look in:</source>
      <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>文件类型(&amp;T)：</translation>
    </message>
  </context>
  <context>
    <name>QPrintSettingsOutput</name>
    <message>
      <source>Page &amp;Set:</source>
      <translation>页面组(&amp;S)：</translation>
    </message>
  </context>
</TS>
