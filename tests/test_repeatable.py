"""Twice, the same: lessons executed again under other string hashes print the same outputs.

`make test` executes every lesson once under nbval, in a fresh process, and compares it with
outputs recorded by another process: that run is already a repeat, for every lesson. What one
repeat can miss is order. Python hashes strings with a seed drawn anew by each process, so a set
of words iterates in a different order from run to run, and a lesson that counts words (01) or
merges byte pairs (03, and the tokenizer of every later lesson) could break a tie differently.
This runs those two lessons again under two fixed hash seeds; both runs must match the stored
outputs. Lessons train by steps, never by seconds, and seed everything in `helpers.setup`.
"""

import pytest
from notebook_runs import lesson, run_nbval


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_lessons_print_the_same_compared_outputs_under_another_hash_seed(hash_seed):
    result = run_nbval([lesson("01"), lesson("03")], env={"PYTHONHASHSEED": hash_seed})
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
