"""Where the shipped data lives: the one definition of data/ and its manifest.

Handles: the paths of data/ (beside helpers/ in the repository) and data/manifest.json,
for the modules that read the data (helpers.data.store) and that guard it from writes
(helpers.safe_output); both import this module and it imports neither, so they do not
import each other.
Leaves out: reading, verifying or writing anything, and a data/ folder anywhere else.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # the shipped files
MANIFEST = DATA_DIR / "manifest.json"  # sha256 and size of every file under data/
