"""The page modules are published with hashed names, imports rewritten leaves first."""

from __future__ import annotations

import re

import pytest

from guideline_site.casecheck import modules
from guideline_site.casecheck.plugin import ASSETS, ENTRY, WORKER


def test_imports_are_rewritten_to_hashed_siblings() -> None:
    out = modules.publish(
        {
            "main.mjs": (
                b'import { a } from "./a.mjs";\nimport "./b.mjs";\nconst c = import("./b.mjs");'
            ),
            "a.mjs": b'import { b } from "./b.mjs";\nexport const a = b;',
            "b.mjs": b"export const b = 1;",
        }
    )
    b_name = out["b.mjs"][0]
    assert re.fullmatch(r"b\.[0-9a-f]{12}\.mjs", b_name)
    assert f'from "./{b_name}"' in out["a.mjs"][1].decode()
    main = out["main.mjs"][1].decode()
    assert f'from "./{out["a.mjs"][0]}"' in main
    assert f'import "./{b_name}"' in main
    assert f'import("./{b_name}")' in main
    assert "./a.mjs" not in main
    assert "./b.mjs" not in main


def test_a_changed_leaf_changes_every_importer_name() -> None:
    base = {"main.mjs": b'import "./leaf.mjs";', "leaf.mjs": b"export const x = 1;"}
    one = modules.publish(base)
    two = modules.publish({**base, "leaf.mjs": b"export const x = 2;"})
    assert one["main.mjs"][0] != two["main.mjs"][0]


@pytest.mark.parametrize(
    ("sources", "words"),
    [
        ({"main.mjs": b'import "./gone.mjs";'}, "gone.mjs"),
        ({"a.mjs": b'import "./b.mjs";', "b.mjs": b'import "./a.mjs";'}, "cycle"),
    ],
    ids=["missing", "cycle"],
)
def test_missing_sibling_or_cycle_fails(sources: dict[str, bytes], words: str) -> None:
    with pytest.raises(modules.ModuleError, match=words):
        modules.publish(sources)


def test_the_real_modules_publish() -> None:
    out = modules.publish_dir(ASSETS)
    assert {ENTRY, WORKER, "engine.mjs"} <= set(out)
    for name, (_published, data) in out.items():
        text = data.decode()
        assert not re.search(r"""from\s*["']\./[a-z-]+\.mjs["']""", text), name


def test_closure_lists_what_an_entry_imports() -> None:
    sources = {
        "main.mjs": b'import "./a.mjs";\nimport "./b.mjs";',
        "a.mjs": b'import "./c.mjs";',
        "b.mjs": b'import "./c.mjs";',
        "c.mjs": b"",
        "other.mjs": b"",
    }
    assert modules.closure(sources, "main.mjs") == ["c.mjs", "a.mjs", "b.mjs"]
