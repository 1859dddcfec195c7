"""Command line: `python -m helpers.data build [--out DIR]` and `python -m helpers.data stats [--json]`."""
import argparse
import json

from helpers.data import build as builder, stats


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m helpers.data", description="Build or describe the project's data files.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="regenerate every file under data/ and data/manifest.json")
    build.add_argument("--out", help="build into this folder instead of data/ (data/ is left untouched)")
    build.add_argument("--seed", type=int, default=builder.SEED, help="change it only to see how the data varies")
    describe = commands.add_parser("stats", help="print sizes, vocabulary and label balance of every set")
    describe.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.command == "build":
        builder.build(args.out, seed=args.seed)
    else:
        figures = stats.all_stats()
        print(json.dumps(figures, indent=2) if args.json else stats.format_table(figures))


if __name__ == "__main__":
    main()
