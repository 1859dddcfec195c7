"""Command line: `python -m datagen build [--out DIR] [--force] [--seed N]` and
`python -m datagen stats [--json]`.

Handles: the options, and a refused build reported as a usage error (exit status 2).
Leaves out: the work itself (build.py writes the files, stats.py counts them).
"""

import argparse
import json

from datagen import build as builder
from datagen import stats
from helpers.safe_output import OutputRefused

BUILD_DESCRIPTION = (
    "Regenerate the data files from their seed. Files that already hold the right "
    "bytes are left alone; if any file would change (an edited generator, another "
    "--seed, a hand-edited file) nothing is written and the first such file is "
    "named, unless --force."
)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m datagen",
        description="Build or describe the project's data files.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        help="regenerate every file under data/ and data/manifest.json",
        description=BUILD_DESCRIPTION,
    )
    build.add_argument(
        "--out", help="build into this folder, not data/ (data/ is left untouched)"
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="overwrite files whose bytes would change (under data/: with their "
        "manifest lines)",
    )
    build.add_argument(
        "--seed",
        type=int,
        default=builder.SEED,
        help="change it only to see how the data varies",
    )
    describe = commands.add_parser(
        "stats", help="print sizes, vocabulary and label balance of every set"
    )
    describe.add_argument(
        "--json", action="store_true", help="print JSON instead of a table"
    )
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            builder.build(args.out, seed=args.seed, force=args.force)
        except OutputRefused as err:
            build.error(str(err))
    else:
        figures = stats.all_stats()
        if args.json:
            print(json.dumps(figures, indent=2))
        else:
            print(stats.format_table(figures))


if __name__ == "__main__":
    main()
