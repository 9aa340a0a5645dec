"""CivDesk's build backend: setuptools', with what the wheel build needs to prepare the PDF fonts.

setup.py's build step draws the shipped PDF fonts from Noto Sans CJK with fontTools; only a wheel
build needs those two packages, so the sdist and the editable install (``make venv``) keep
setuptools' own requirements and do not fetch the 32 MB font package into their build environment.
"""

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the whole PEP 517 interface, as setuptools has it)

# The same ranges as the run-time dependencies in pyproject.toml.
FONT_BUILD_REQUIRES = ["fonttools>=4.50,<5", "manimgx-fonts-cjk>=2024"]


def get_requires_for_build_wheel(config_settings=None):
    return [*_setuptools.get_requires_for_build_wheel(config_settings), *FONT_BUILD_REQUIRES]
