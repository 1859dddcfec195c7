"""Twice, the same: lessons executed again from a fresh kernel print the same compared outputs.

`make test` executes every lesson once under nbval; this runs lessons 01, 05 and 07 (counting,
a transformer trained live, tuning) a second time in another process, so each is executed twice
and both runs must match the stored outputs. Lessons train by steps, never by seconds, and
seed everything in `helpers.setup`, which is what makes this hold.
"""

import pytest
from notebook_runs import lesson, run_nbval


@pytest.mark.parametrize("number", ["01", "05", "07"])
def test_a_second_run_prints_the_same_compared_outputs(number):
    result = run_nbval([lesson(number)])
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
