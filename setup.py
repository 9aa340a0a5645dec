"""The package list for setuptools; everything else is in pyproject.toml.

pyproject's ``packages.find`` cannot add a package that lives outside ``civdesk/``: resources/ is
mapped into the wheel as ``civdesk.data`` (see ``package-dir`` there), so the list is built here.
"""

from pathlib import Path

from setuptools import find_packages, setup

DATA = ["civdesk.data"] + [f"civdesk.data.{d.name}" for d in sorted(Path("resources").iterdir()) if d.is_dir()]
setup(packages=find_packages(include=["civdesk", "civdesk.*"]) + DATA)
