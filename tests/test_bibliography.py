"""The bibliography holds only confirmed identifiers: no "?" left from the reference list."""

from __future__ import annotations

import re

import pytest

from calc.bibliography import BIBLIOGRAPHY, Reference

ENTRIES = list(BIBLIOGRAPHY.values())
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
DAILYMED = re.compile(
    r"^https://dailymed\.nlm\.nih\.gov/dailymed/drugInfo\.cfm\?setid=[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"
)
# An uncertainty mark as written in ../shared/spec/references.md: "(volume/pages ?)",
# "10.1016/... ?", "(first author ?)". A title may still end with a real question mark.
UNCERTAIN = re.compile(r"\(\?|\s\?(\s|\)|$)|\?\)|to be confirmed", re.IGNORECASE)


def _fields(ref: Reference) -> dict[str, object]:
    return {name: getattr(ref, name) for name in Reference.__slots__}


@pytest.mark.parametrize("ref", ENTRIES, ids=[r.key for r in ENTRIES])
def test_no_uncertain_field(ref: Reference) -> None:
    for name, value in _fields(ref).items():
        if isinstance(value, str) and name != "url":  # a URL's "?" starts its query
            assert not UNCERTAIN.search(value), f"{ref.key}.{name} = {value!r}"
    for name in ("doi", "pmid", "volume", "pages"):
        value = getattr(ref, name)
        assert value is None or "?" not in value, f"{ref.key}.{name} = {value!r}"


@pytest.mark.parametrize("ref", ENTRIES, ids=[r.key for r in ENTRIES])
def test_identifiers_are_well_formed(ref: Reference) -> None:
    assert ref.doi is None or DOI.match(ref.doi), ref.doi
    assert ref.pmid is None or PMID.match(ref.pmid), ref.pmid
    assert ref.url is None or DAILYMED.match(ref.url), ref.url
    assert isinstance(ref.year, int)
    assert 1950 <= ref.year <= 2026


def test_the_uncertainty_pattern_catches_the_reference_list_marks() -> None:
    for text in ("10.1016/j.clbc.2016.12.012 ?", "2017;17(4):256-265 (volume/pages ?)", "(?)"):
        assert UNCERTAIN.search(text)
    assert not UNCERTAIN.search("Is liver resection justified for patients with metastases?")


def test_keys_match_their_entries() -> None:
    assert all(key == ref.key for key, ref in BIBLIOGRAPHY.items())
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in BIBLIOGRAPHY)
