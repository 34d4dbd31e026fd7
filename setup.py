"""Build hook for ``scrapyd-deploy``: everything else about the package lives in pyproject.toml.

scrapyd finds a project's settings module through the ``scrapy`` entry point of the uploaded egg, and
``scrapyd-deploy`` writes its own setup.py (as package "project") where none exists. The entry point is
added here, read from scrapy.cfg, because pyproject.toml's ``[project]`` table owns entry points.
"""

from configparser import ConfigParser
from pathlib import Path

from setuptools import setup
from setuptools.command.egg_info import egg_info

HERE = Path(__file__).resolve().parent


def scrapy_settings_module() -> str:
    config = ConfigParser()
    config.read(HERE / "scrapy.cfg", encoding="utf-8")
    return config.get("settings", "default")


class EggInfo(egg_info):
    """``egg_info`` that also writes ``[scrapy] settings = <module>`` into entry_points.txt."""

    def run(self) -> None:
        entry_points = dict(self.distribution.entry_points or {})
        entry_points.setdefault("scrapy", [f"settings = {scrapy_settings_module()}"])
        self.distribution.entry_points = entry_points
        super().run()


setup(cmdclass={"egg_info": EggInfo})
