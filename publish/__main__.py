"""`python -m publish site` builds the offline site and slides; `python -m publish
mark-slides` writes each lesson's slide plan into its cells' metadata.

Examples:
    python -m publish site                      # runs/site/index.html, *.slides.html
    python -m publish site --out /tmp/site      # anywhere else; an old site is replaced
    python -m publish site --repository me/genai  # with Binder and Colab links
    python -m publish mark-slides               # after editing a lesson
"""

import argparse
import json
import sys
from pathlib import Path

from helpers.paths import lesson_paths
from helpers.safe_output import (
    OutputRefused,
    add_output_options,
    is_under_data,
    replacing_folder,
    write_text_atomically,
)
from publish.site import build_site
from publish.slides import mark_slides


def check_site_folder(path, force):
    """Refuse (OutputRefused) a folder that holds anything but a site we built, or lies
    under data/, unless force. Example: check_site_folder(Path("notes"), False) -> refused"""
    path = Path(path)
    if force:
        return path
    if is_under_data(path):
        raise OutputRefused(
            f"refusing to write {path}: it is under data/; write under runs/"
        )
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        marker = path / "site.json"
        built = marker.is_file() and json.loads(marker.read_text()).get("built_by")
        if built != "publish":
            raise OutputRefused(
                f"refusing to write {path}: it holds files that are not a site built by "
                "`python -m publish site`; pass --force to replace it, or choose a new folder"
            )
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m publish", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    site = commands.add_parser("site", help="build the offline site and slides")
    add_output_options(site, "runs/site", "folder")
    site.add_argument(
        "--repository",
        help='the series on GitHub as "owner/name": each lesson then links to Binder and Colab',
    )
    marks = commands.add_parser("mark-slides", help="write the slide plan into lessons")
    marks.add_argument("notebooks", nargs="*", help="lessons (default: all of them)")
    args = parser.parse_args(argv)
    if args.command == "site":
        try:
            out = check_site_folder(args.out, args.force)
        except OutputRefused as err:
            parser.error(str(err))
        with replacing_folder(out) as folder:
            pages = build_site(folder, repository=args.repository)
        print(
            f"wrote {len(pages)} pages and their slides to {out}/: open {out}/index.html"
        )
        return 0
    for path in [Path(p) for p in args.notebooks] or lesson_paths():
        nb = json.loads(path.read_text(encoding="utf-8"))
        if mark_slides(nb):
            text = json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
            write_text_atomically(path, text)
            print(f"marked {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
