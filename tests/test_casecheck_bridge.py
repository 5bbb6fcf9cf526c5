"""The worker's JSON bridge to ``calc`` (shipped in the stdlib zip), run in CPython."""

from __future__ import annotations

from guideline_site.casecheck import bridge


def test_warm_up_takes_the_answer_and_the_not_complete_paths() -> None:
    # calc's first example gets a verdict and a what-if list; the empty case is refused
    # as data (kind "case"), the answer a form being filled gets.
    assert bridge.warm_up() == "ok ok case"
