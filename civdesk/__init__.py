"""CivDesk (文明创建检查台): offline inspection checklists for civilisation-building assessments."""

__version__ = "0.1.0"
