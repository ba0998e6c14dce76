"""Ships the top-level ``watchlists/`` folder inside the package as ``screener.watchlists``."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["screener", "screener.*"]), "screener.watchlists"],
    package_dir={"screener.watchlists": "watchlists"},
)
