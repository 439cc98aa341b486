"""Build step: copy the top-level ontology/, data/ and queries/ into the package.

The checkout keeps them at the top, where researchers read and edit them; a
wheel (and a wheel built from the sdist) carries them as ``aireg/bundled/``,
where :mod:`aireg.paths` looks first. An editable install copies nothing: the
package then finds the checkout's own folders, so edits show at once.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("ontology", "data", "queries")
ROOT = Path(__file__).resolve().parent


class build_py_with_bundled(build_py):  # noqa: N801  (setuptools command naming)
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "aireg" / "bundled"
        if target.exists():
            shutil.rmtree(target)
        for name in BUNDLED:
            source = ROOT / name
            if not source.is_dir():
                raise SystemExit(f"cannot bundle {name}/: no such folder in {ROOT}")
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": build_py_with_bundled})
