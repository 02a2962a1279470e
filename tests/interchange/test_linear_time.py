"""Every reader takes time linear in its input, hostile input included (issue 20, item 1).

The cases are in arguments/devtools/adversarial.py (the benchmark prints the same figures).
Each is read at 25,000 and at 100,000 characters: the larger must take under a generous
bound, and well under the 16 times a quadratic reader needs for four times the input. Times
are the best of three in CPU seconds of the test process (the wall clock, stretched by other
processes on a shared machine, once broke the ratio), and a small absolute allowance absorbs
the noise of cases that take a few milliseconds.
"""

import pytest

from arguments.devtools.adversarial import CASES, growth

SMALL = 25_000
BOUND_S = 1.5  # for 100 KB; the quadratic Kialo quote pattern took 6.6 s
RATIO = 10  # 4 times the input; linear gives about 4, quadratic 16
NOISE_S = 0.05

ALL_CASES = [(fmt, case) for fmt, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("fmt", "case"), ALL_CASES, ids=[f"{f}-{c}" for f, c in ALL_CASES])
def test_reading_time_grows_linearly_with_hostile_input(fmt, case):
    small, large = growth(fmt, case, SMALL)
    assert large < BOUND_S, f"{fmt} {case}: {large:.2f} s for {4 * SMALL:,} characters"
    assert large < RATIO * small + NOISE_S, (
        f"{fmt} {case}: {small * 1000:.1f} ms, then {large * 1000:.1f} ms for 4 times the input"
    )


def test_the_cases_are_as_large_as_they_claim():
    for fmt, cases in CASES.items():
        for case, build in cases.items():
            length = len(build(4 * SMALL))
            assert 0.7 * 4 * SMALL <= length <= 1.3 * 4 * SMALL, (fmt, case, length)
