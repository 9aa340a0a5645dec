"""CivDesk (文明创建检查台): offline inspection checklists for civilisation-building assessments."""

__version__ = "0.1.0"


def package_version() -> str:
    """The installed distribution's version (wheel, pipx or editable install); ``__version__`` when
    CivDesk runs without package metadata (the one-folder build copies it in, a bare checkout does not)."""
    from importlib import metadata

    try:
        return metadata.version("civdesk")
    except metadata.PackageNotFoundError:
        return __version__
