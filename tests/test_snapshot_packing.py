"""The reader's memory snapshot is stored without its zero pages (worker.mjs: packSnapshot,
unpackSnapshot). Run in Node on the worker's own module; the bytes are made here."""

from __future__ import annotations

import base64
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="needs Node.js")
WORKER = (
    Path(__file__).resolve().parent.parent / "guideline_site/casecheck/assets/worker.mjs"
).as_uri()
PAGE = 4096
HEADER = 12  # magic, full length, number of runs (uint32 each)

# Reads a JSON list of {bytes (base64), offset, unpackOnly?} on stdin; answers, for each,
# {packed, unpacked} (base64) or {error}. `offset` places the input at that byte offset of a
# larger buffer: a view that need not be 4-byte aligned.
RUNNER = """
import { packSnapshot, unpackSnapshot } from "%s";
let text = "";
for await (const chunk of process.stdin) text += chunk;
const out = [];
for (const item of JSON.parse(text)) {
  try {
    const raw = Buffer.from(item.bytes, "base64");
    const backing = new Uint8Array(raw.length + item.offset);
    backing.set(raw, item.offset);
    const view = backing.subarray(item.offset);
    if (item.unpackOnly) {
      out.push({ unpacked: Buffer.from(unpackSnapshot(view)).toString("base64") });
      continue;
    }
    const packed = packSnapshot(view);
    const again = new Uint8Array(packed.length + 3).subarray(3); // unpacking an unaligned copy too
    again.set(packed);
    out.push({
      packed: Buffer.from(packed).toString("base64"),
      unpacked: Buffer.from(unpackSnapshot(again)).toString("base64"),
    });
  } catch (err) {
    out.push({ error: String(err?.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(out));
"""


def run(items: list[dict[str, object]]) -> list[dict[str, str]]:
    payload = [
        {**item, "bytes": base64.b64encode(item["bytes"]).decode()}  # type: ignore[arg-type]
        for item in items
    ]
    done = subprocess.run(
        [NODE or "node", "--input-type=module", "-e", RUNNER % WORKER],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answers: list[dict[str, str]] = json.loads(done.stdout)
    return answers


def memory_like(pages: int, tail: int, seed: int) -> bytes:
    """Pages of which about two in three are zero, in runs; a short last page."""
    rng = random.Random(seed)
    out = bytearray()
    for _ in range(pages):
        if rng.random() < 0.65:
            out += bytes(PAGE)
        else:
            page = bytearray(PAGE)
            for _ in range(rng.randint(1, 40)):
                page[rng.randrange(PAGE)] = rng.randint(1, 255)
            out += page
    last = bytearray(tail)
    if tail:
        last[-1] = 9  # a non-zero last byte of a page that is not whole
    return bytes(out + last)


def nonzero_pages(data: bytes) -> list[tuple[int, int]]:
    return [
        (at, min(PAGE, len(data) - at))
        for at in range(0, len(data), PAGE)
        if any(data[at : at + PAGE])
    ]


def runs_of(pages: list[tuple[int, int]]) -> int:
    runs = 0
    end = None
    for at, length in pages:
        if at != end:
            runs += 1
        end = at + length
    return runs


@pytest.mark.parametrize(("pages", "tail", "offset"), [(300, 0, 0), (257, 5, 1), (64, 4094, 3)])
def test_round_trip_drops_only_zero_pages(pages: int, tail: int, offset: int) -> None:
    data = memory_like(pages, tail, seed=pages)
    [answer] = run([{"bytes": data, "offset": offset}])
    assert "error" not in answer, answer
    assert base64.b64decode(answer["unpacked"]) == data
    kept = nonzero_pages(data)
    packed = base64.b64decode(answer["packed"])
    expected = HEADER + 8 * runs_of(kept) + sum(length for _, length in kept)
    assert len(packed) == expected
    assert len(packed) < len(data) / 2  # most of such memory is zero


def test_all_zero_and_empty() -> None:
    zero, empty = run([{"bytes": bytes(3 * PAGE + 7), "offset": 0}, {"bytes": b"", "offset": 0}])
    assert base64.b64decode(zero["unpacked"]) == bytes(3 * PAGE + 7)
    assert len(base64.b64decode(zero["packed"])) == HEADER
    assert base64.b64decode(empty["unpacked"]) == b""


def test_anything_else_is_refused() -> None:
    data = memory_like(40, 100, seed=7)
    [good] = run([{"bytes": data, "offset": 0}])
    packed = base64.b64decode(good["packed"])
    bad = [
        bytes(4096) + b"\x07" * 4096,  # an unpacked snapshot, or anything else
        packed[:-1],  # cut short
        packed + b"\x00",  # with bytes left over
        packed[:8],  # no room for its own header
        packed[:4] + (1).to_bytes(4, "little") + packed[8:],  # runs beyond the stated length
        packed[:8] + (10**6).to_bytes(4, "little") + packed[12:],  # more runs than bytes
    ]
    answers = run([{"bytes": item, "offset": 0, "unpackOnly": True} for item in bad])
    messages = [answer.get("error") for answer in answers]
    assert messages[0] == "not a packed snapshot"
    assert messages[3] == "not a packed snapshot"
    assert messages[1:3] == ["a damaged snapshot"] * 2
    assert messages[4:] == ["a damaged snapshot"] * 2
