"""Offline: a lesson and two commands run with the network cut off.

They run in a new network namespace (`unshare -n`) whose only interface is loopback, brought up
because Jupyter's kernel talks to its client over 127.0.0.1. Needs permission to create a
namespace (root, or user namespaces): skipped with the reason where it has none, unless
REQUIRE_OFFLINE_TEST=1 (set by .ci/run), where it fails instead. Nothing here opens a
connection to any address outside the machine.
"""

import json
import os
import shutil
import subprocess

import pytest
from notebook_runs import ROOT, lesson, run_command, run_nbval

OFFLINE = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']


def _no_namespace_reason():
    if not (shutil.which("unshare") and shutil.which("ip")):
        return "unshare or ip (util-linux, iproute2) not found"
    probe = subprocess.run([*OFFLINE, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"cannot create a network namespace here: {probe.stderr.strip()[:200]}"
    return None


@pytest.fixture(scope="module")
def offline():
    reason = _no_namespace_reason()
    if reason:
        if os.environ.get("REQUIRE_OFFLINE_TEST") == "1":
            pytest.fail(f"REQUIRE_OFFLINE_TEST=1 but {reason}")
        pytest.skip(reason)
    return OFFLINE


def test_the_namespace_has_loopback_only(offline):
    listing = subprocess.run(
        [*offline, "ip", "-o", "link", "show"], capture_output=True, text=True
    )
    assert listing.returncode == 0, listing.stderr
    assert [line.split(":")[1].strip() for line in listing.stdout.splitlines()] == [
        "lo"
    ]


def test_lesson_00_runs_offline_and_matches_its_stored_outputs(offline):
    result = run_nbval([lesson("00")], prefix=offline)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


def test_next_word_command_runs_offline(offline):
    result = run_command(
        ["-m", "helpers.ngram", "no use crying over spilled", "--json"], prefix=offline
    )
    assert result.returncode == 0, result.stderr
    assert "milk" in result.stdout


def test_the_foundation_model_classifies_offline(offline, tmp_path):
    reviews = (
        tmp_path / "first_reviews.tsv"
    )  # the first 8 reviews of the shipped test set
    lines = (
        (ROOT / "data" / "sentiment" / "test.tsv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    reviews.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    result = run_command(
        ["-m", "helpers.evaluate", "sentiment", str(reviews), "--method", "zero-shot"],
        prefix=offline,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert (
        figures["examples"] == 8 and figures["accuracy"] >= 0.75
    )  # lesson 08: about 95% on the whole set
