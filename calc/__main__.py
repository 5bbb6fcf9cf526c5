"""Command line: ``python -m calc CASE.json`` (or ``-`` for stdin), or ``--csv IN.csv``.

JSON mode prints the result as JSON and exits 0; invalid input (a CaseError, bad JSON, a
missing file) prints the problems to stderr and exits 2, never a traceback.

CSV mode (batch audit of a tumour-board list): the header row names the case keys; each
later row is one case. An empty cell means not known; ``true`` / ``false`` (any letter
case) are booleans; other cells go to the same validation as JSON input. One result row per
input row goes to stdout; a row with errors gives an error row and the batch continues.
Exit 0 when every row was read, 2 when the file could not be read.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from calc.engine import evaluate
from calc.validation import CaseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_INVALID = 2
CSV_COLUMNS = (
    "row",
    "verdict",
    "ideal",
    "failed_criteria",
    "unknown_criteria",
    "judgement_criteria",
    "recommendations",
    "errors",
)


class _InputProblem(Exception):
    """The input could not be read at all (missing file, bad JSON, bad encoding)."""


def _read_text(path: str, newline: str | None = None) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8-sig", newline=newline) as handle:
            return handle.read()
    except OSError as exc:
        raise _InputProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise _InputProblem(f"cannot read {path}: not UTF-8 text ({exc.reason})") from None


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _InputProblem(f"duplicate key {key!r} in the JSON input")
        out[key] = value
    return out


def _load_json(path: str) -> object:
    text = _read_text(path)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        where = "standard input" if path == "-" else path
        raise _InputProblem(
            f"{where} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise _InputProblem(f"{path} is nested too deeply to be a case") from None
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        where = "standard input" if path == "-" else path
        reason = str(exc).split(":")[0]
        raise _InputProblem(f"{where} holds a number that cannot be read ({reason})") from None


def _print_errors(errors: list[dict[str, str]], prefix: str = "") -> None:
    for error in errors:
        print(f"{prefix}{error['field']}: {error['message']}", file=sys.stderr)


def run_json(path: str) -> int:
    try:
        case = _load_json(path)
        if not isinstance(case, dict):
            raise CaseError(
                [{"field": "(case)", "message": "the JSON input must be an object of case keys"}]
            )
        result = evaluate(case)
    except _InputProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except CaseError as exc:
        print(f"error: invalid case ({len(exc.errors)} problem(s)):", file=sys.stderr)
        _print_errors(exc.errors, prefix="  ")
        return EXIT_INVALID
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _cell(value: str | None) -> object:
    """A CSV cell as a case value: empty = absent, true/false = booleans, else the text."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _ids(items: object, status: str | None = None) -> str:
    """Space-separated ids of result items (optionally only those with a given status)."""
    if not isinstance(items, list):
        return ""
    return " ".join(
        str(item["id"])
        for item in items
        if isinstance(item, dict) and (status is None or item.get("status") == status)
    )


def _csv_row(number: int, row: dict[str | None, str | list[str] | None]) -> dict[str, str]:
    out = dict.fromkeys(CSV_COLUMNS, "")
    out["row"] = str(number)
    errors: list[dict[str, str]] = []
    case: dict[str, object] = {}
    for key, value in row.items():
        if key is None:  # more cells than header columns
            errors.append({"field": "(row)", "message": "more cells than header columns"})
        elif isinstance(value, str) or value is None:
            cell = _cell(value)
            if cell is not None:
                case[key.strip()] = cell
    if not errors:
        try:
            result = evaluate(case)
        except CaseError as exc:
            errors = exc.errors
        else:
            out["verdict"] = str(result["verdict"])
            out["ideal"] = "true" if result["ideal"] else "false"
            out["failed_criteria"] = _ids(result["criteria"], "not_met")
            out["unknown_criteria"] = _ids(result["criteria"], "unknown")
            out["judgement_criteria"] = _ids(result["criteria"], "judgement")
            out["recommendations"] = _ids(result["recommendations"])
    out["errors"] = " | ".join(f"{e['field']}: {e['message']}" for e in errors)
    return out


def run_csv(path: str) -> int:
    try:
        text = _read_text(path, newline="")
    except _InputProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    reader = csv.DictReader(io.StringIO(text, newline=""))
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
    try:
        header = reader.fieldnames
        if not header:
            print(f"error: {path} has no header row", file=sys.stderr)
            return EXIT_INVALID
        names = [name.strip() for name in header]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            print(f"error: {path}: duplicate columns: {', '.join(duplicates)}", file=sys.stderr)
            return EXIT_INVALID
        writer.writeheader()
        for number, row in enumerate(reader, 1):
            writer.writerow(_csv_row(number, row))
    except csv.Error as exc:
        print(f"error: {path}, line {reader.line_num}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calc",
        description=(
            "Case check: single liver metastasis from hormone receptor-positive breast cancer."
        ),
        epilog=(
            "Exit status: 0 = result printed (CSV: every row read); 2 = invalid input. "
            "CSV rows are numbered from 1, not counting the header."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("case", nargs="?", help="case as a JSON file, or - for stdin")
    source.add_argument(
        "--csv", metavar="IN.csv", help="evaluate one case per row (header = case keys)"
    )
    args = parser.parse_args(argv)
    if args.csv is not None:
        return run_csv(args.csv)
    return run_json(args.case)


if __name__ == "__main__":
    sys.exit(main())
