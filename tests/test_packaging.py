"""The two install routes (pip and conda) and the two README commands stay in step."""

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement):
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_name(r): r.replace(" ", "") for r in project["dependencies"]}


def environment_requirements():
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    found = {}
    for line in lines[start + 1 :]:
        item = line.strip()
        if not item.startswith("- "):
            continue
        requirement = item[2:].strip()
        if requirement.startswith("-e"):
            continue
        found[_name(requirement)] = requirement.replace(" ", "")
    return found


def test_pip_and_conda_list_the_same_requirements():
    assert pyproject_requirements() == environment_requirements()


def test_required_packages_are_listed():
    needed = {
        "jupyterlab",
        "numpy",
        "torch",
        "matplotlib",
        "ipywidgets",
        "nbval",
        "pytest",
        "pytest-xdist",
        "tqdm",
        "safetensors",
        "scikit-learn",  # lesson 11's digits, k-means and judge (helpers.images)
        "rdkit",  # lesson 12's molecules, their properties (helpers.molecules)
        "statsmodels",  # lesson 12b's climate series and Holt-Winters (helpers.forecasting)
    }
    assert needed <= set(pyproject_requirements())


def test_torch_range_admits_the_cpu_build_on_disk():
    from packaging.specifiers import SpecifierSet

    spec = pyproject_requirements()["torch"][len("torch") :]
    assert "2.13.0" in SpecifierSet(spec)


def test_binder_needs_an_exact_python_and_the_package():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*- python=3\.11\s*$", text, re.M)
    assert re.search(r"^\s*- -e \.\s*$", text, re.M)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh|shell|console)?\n(.*?)```", readme, re.S)
    commands = [
        line.strip() for block in blocks for line in block.splitlines() if line.strip()
    ]
    assert "make lab" in commands and "make test" in commands
    ci_lines = [
        line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
    ]
    assert "make test" in ci_lines
