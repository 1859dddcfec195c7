"""Where the shipped data lives: the one definition of data/ and its manifest.

Handles: the paths of data/ (beside helpers/ in the repository) and data/manifest.json,
for the modules that read the data (helpers.data.store) and that guard it from writes
(helpers.safe_output); both import this module and it imports neither, so they do not
import each other. Also the lessons' notebooks and their numbers ("06", "06b"), for the
tests, benchmarks and site builder that walk the series.
Leaves out: reading, verifying or writing anything, and a data/ folder anywhere else.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # the shipped files
MANIFEST = DATA_DIR / "manifest.json"  # sha256 and size of every file under data/
LESSONS_DIR = DATA_DIR.parent / "notebooks"  # the lessons as shipped


def lesson_number(path):
    """The number a lesson's file name starts with; a lesson split in two adds a letter.
    Example: lesson_number(Path("06b_scaling_study.ipynb")) -> "06b"
    """
    return Path(path).name.split("_", 1)[0]


def lesson_paths(folder=LESSONS_DIR):
    """Every lesson notebook in `folder`, in the series' order (06 before 06b before 07).
    Example: lesson_paths()[0].name -> "00_start_here.ipynb"
    """
    return sorted(Path(folder).glob("[0-9][0-9]*_*.ipynb"), key=lambda p: p.name)
