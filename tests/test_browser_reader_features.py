"""Reader features of issue 6 in the system Chromium: audience tabs that persist, the
tumour-board printout, "Copy summary", the shareable case link and "what would change
the verdict" (compared with ``calc`` itself), and axe-core on the page showing them all.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    BOOT_TIMEOUT,
    assert_no_axe_violations,
    golden_cases,
    new_context,
    open_case_check,
)
from playwright.sync_api import Browser, BrowserContext, Page, expect

import calc
from calc.bibliography import BIBLIOGRAPHY
from guideline_site.localsite import fill_case, form_value

pytestmark = pytest.mark.browser

VALID = [g for g in golden_cases() if "verdict" in g["expected"]]
EXPLAINED = [g for g in VALID if g["expected"]["verdict"] in ("needs_assessment", "not_candidate")]
BAD_LINK = "This link does not contain a readable case"
_CONFIG = (Path(__file__).parent.parent / "mkdocs.yml").read_text("utf-8")
SITE_NAME = next(
    line.split(":", 1)[1].strip() for line in _CONFIG.splitlines() if line.startswith("site_name:")
)


def golden(name: str) -> dict[str, Any]:
    return next(g for g in VALID if str(g["name"]).startswith(name))


def case_link(case: dict[str, Any]) -> str:
    """The fragment the page writes: ``#case=`` + base64url of compact JSON."""
    raw = json.dumps(case, separators=(",", ":")).encode("utf-8")
    return "#case=" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def check(page: Page, verdict: str) -> None:
    page.locator('form#case-check button[type="submit"]').click()
    result = page.locator("#case-result")
    # The click's own check has answered (not a live check of the same case before it).
    expect(result).not_to_have_attribute("aria-busy", "true", timeout=BOOT_TIMEOUT)
    expect(result).to_have_attribute("data-verdict", verdict, timeout=BOOT_TIMEOUT)
    # "What would change" arrives after the result: wait for it (shown, none or failed).
    expect(result).to_have_attribute("data-what-if", re.compile(r".+"), timeout=BOOT_TIMEOUT)


@pytest.fixture(scope="module")
def context(browser: Browser, site_server: str) -> Iterator[BrowserContext]:
    ctx = new_context(browser, permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def case_page(context: BrowserContext, site_server: str) -> Iterator[Page]:
    """One case-check page for many checks: the engine boots once."""
    page = context.new_page()
    open_case_check(page, site_server)
    yield page
    page.close()


# --- audience tabs -----------------------------------------------------------------------


CHOSEN_TAB = """() => {
    const set = document.querySelector("article .tabbed-set");
    const input = set && set.querySelector(":scope > input:checked");
    const label = input && set.querySelector(`label[for="${input.id}"]`);
    return label ? label.textContent.trim() : null;
}"""


def test_audience_tab_persists_across_pages_and_reload(browser: Browser, site_server: str) -> None:
    ctx = new_context(browser)
    page = ctx.new_page()
    page.goto(site_server + "assessment/")
    assert page.evaluate(CHOSEN_TAB) == "Clinician"  # the default
    page.locator("article .tabbed-labels label", has_text="Plain language").first.click()
    assert page.evaluate(CHOSEN_TAB) == "Plain language"
    page.evaluate("window.__noReload = true")
    nav = page.locator("nav.md-nav--primary")
    nav.locator("a.md-nav__link[href$='selection/']").first.click()
    page.wait_for_url("**/selection/")
    expect(page.locator("article .tabbed-set").first).to_be_attached()
    assert page.evaluate("window.__noReload") is True  # instant navigation, not a reload
    assert page.evaluate(CHOSEN_TAB) == "Plain language"
    page.reload()
    expect(page.locator("article .tabbed-set").first).to_be_attached()
    assert page.evaluate(CHOSEN_TAB) == "Plain language"
    # Back to the clinician view, which also sticks.
    page.locator("article .tabbed-labels label", has_text="Clinician").first.click()
    page.goto(site_server + "surgery/")
    assert page.evaluate(CHOSEN_TAB) == "Clinician"
    ctx.close()


# --- the printout ------------------------------------------------------------------------


def _today_or_tomorrow() -> tuple[str, str]:
    """Today's date, and the next one: a test that runs across midnight sees either."""
    first = date.today()
    return first.isoformat(), date.fromordinal(first.toordinal() + 1).isoformat()


def test_print_shows_the_case_result_and_stamp_without_chrome(
    case_page: Page, built_site: Path, site_server: str
) -> None:
    g = golden("007")
    fill_case(case_page, g["case"])
    check(case_page, g["expected"]["verdict"])
    days = _today_or_tomorrow()
    case_page.emulate_media(media="print")
    try:
        result = case_page.locator("#case-result")
        expect(result).to_be_visible()
        for chrome in (
            ".md-header",
            ".md-sidebar--primary",
            ".md-sidebar--secondary",
            ".md-footer",
            "form#case-check",
            ".case-check-result-actions",
            "#decision-pathway",
            "#case-check-bar",
            "#case-check-criteria",
        ):
            found = case_page.locator(chrome)
            assert found.count() >= 1, f"{chrome}: nothing to hide, the check would be empty"
            for i in range(found.count()):
                expect(found.nth(i), chrome).to_be_hidden()
        # The guideline and its address first, then the verdict, before the case.
        header = result.locator(".case-check-print-header")
        expect(header).to_contain_text(SITE_NAME)
        expect(header.locator(".case-check-print-address")).to_have_text(
            site_server + "case-check/"
        )
        verdict = result.locator(".case-check-verdict-box")
        table = result.locator(".case-check-case-table")
        expect(verdict).to_be_visible()
        expect(table).to_be_visible()
        assert _top(header) < _top(verdict) < _top(table)
        # The case as entered: every field, "Not known" for those left empty.
        fields = calc.schema()["properties"]
        expect(table.locator("tbody tr")).to_have_count(len(fields))
        for key, prop in fields.items():
            row = table.locator(f'tr[data-field="{key}"]')
            expect(row.locator("th")).to_have_text(prop["title"])
            if g["case"].get(key) is None:
                expect(row.locator("td")).to_have_text("Not known")
        # Verdict, criteria with reasons and sources, references.
        evaluated = calc.evaluate(g["case"])
        expect(result.locator(".case-check-headline")).to_have_text(evaluated["headline"])
        for crit in evaluated["criteria"]:
            item = result.locator(f'.case-check-criteria-result li[data-id="{crit["id"]}"]')
            expect(item).to_be_visible()
            expect(item.locator(".case-check-reason")).to_have_text(crit["reason"])
        # Full references (from the bibliography), not only the short labels.
        refs = result.locator(".case-check-references li")
        expect(refs).to_have_count(len(evaluated["references"]))
        for key in evaluated["references"]:
            entry = BIBLIOGRAPHY[key]
            full = refs.locator(f'xpath=self::*[@data-key="{key}"]').locator(".case-check-ref-full")
            expect(full).to_be_visible()
            expect(full).to_contain_text(entry.citation)
            if entry.doi:
                expect(full).to_contain_text(f"doi:{entry.doi}")
            expect(refs.locator(f'xpath=self::*[@data-key="{key}"]').locator("a")).to_be_hidden()
        # The disclaimer, and the address of this very case.
        footer = result.locator(".case-check-print-footer")
        expect(footer).to_be_visible()
        expect(footer).to_contain_text("Not a substitute for clinical judgement")
        expect(footer).to_contain_text(site_server + "disclaimer/")
        expect(footer.locator("[data-case-link]")).to_have_text(case_page.url)
        assert "#case=" in case_page.url
        # The stamp.
        stamp = result.locator(".case-check-stamp")
        expect(stamp).to_be_visible()
        expect(stamp.locator('[data-stamp="version"]')).to_have_text(calc.__version__)
        expect(stamp).to_contain_text(f"rules {calc.__version__}")
        expect(stamp.locator('[data-stamp="reviewed"]')).to_have_text(calc.GUIDELINE_REVIEWED)
        expect(stamp.locator('[data-stamp="rules"]')).to_have_text(re.compile(r"^[0-9a-f]{12}$"))
        printed = stamp.locator('[data-stamp="printed"]')
        expect(printed).to_have_text(re.compile(rf"^({days[0]}|{days[1]}) \d\d:\d\d$"))
        # Filled again at print time.
        printed.evaluate("(el) => { el.textContent = 'stale'; }")
        case_page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        expect(printed).to_have_text(re.compile(rf"^({days[0]}|{days[1]}) \d\d:\d\d$"))
    finally:
        case_page.emulate_media(media="screen")
    # On screen the case table is not repeated (the form shows it).
    expect(case_page.locator("#case-result .case-check-case-table")).to_be_hidden()


def _top(locator: Any) -> float:
    box = locator.bounding_box()
    assert box is not None
    return float(box["y"])


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.mark.parametrize(
    "example", [e for e in calc.examples() if e["menu"]], ids=lambda e: e["id"]
)
def test_printout_fits_on_two_a4_pages(case_page: Page, example: dict[str, Any]) -> None:
    fill_case(case_page, example["case"])
    check(case_page, calc.evaluate(example["case"])["verdict"])
    case_page.emulate_media(media="print")
    try:
        pdf = case_page.pdf(format="A4")
    finally:
        case_page.emulate_media(media="screen")
    pages = len(_PAGE.findall(pdf))
    assert 1 <= pages <= 2, f"{example['id']}: {pages} A4 pages"


def test_how_it_decides_tables_fit_the_printed_page(
    context: BrowserContext, site_server: str
) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 text width
    page.goto(site_server + "how-it-decides/")
    page.emulate_media(media="print")
    tables = page.locator("article table")
    assert tables.count() >= 3
    widths = tables.evaluate_all(
        """(ts) => ts.map((t) => [t.getBoundingClientRect().right,
            t.closest("article").getBoundingClientRect().right, t.scrollWidth, t.clientWidth])"""
    )
    for right, article_right, scroll, client in widths:
        assert right <= article_right + 1, (right, article_right)
        assert scroll <= client + 1, (scroll, client)
    page.close()


# --- copy summary ------------------------------------------------------------------------


def test_copy_summary_holds_the_verdict(case_page: Page) -> None:
    g = golden("007")
    fill_case(case_page, g["case"])
    check(case_page, g["expected"]["verdict"])
    case_page.evaluate("navigator.clipboard.writeText('')")
    case_page.locator('#case-result button[data-action="copy-summary"]').click()
    expect(case_page.locator("#case-check-announce")).to_have_text("Summary copied")
    text = case_page.evaluate("navigator.clipboard.readText()")
    evaluated = calc.evaluate(g["case"])
    labels = {v["code"]: v["label"] for v in calc.describe()["verdicts"]}
    assert f"Verdict: {labels[evaluated['verdict']]}" in text
    assert evaluated["headline"] in text
    assert "Case as entered:" in text
    assert "- Hepatobiliary review done: Yes" in text  # case 007: reviewed
    assert "- Size of the liver metastasis: 3 cm" in text
    assert text.index("Verdict:") < text.index("Case as entered:")  # verdict first
    for crit in evaluated["criteria"]:
        assert crit["label"] in text
        assert crit["reason"] in text
    for key in evaluated["references"]:
        assert f"[{key}] {BIBLIOGRAPHY[key].citation}" in text  # the full reference
    assert "Not a substitute for clinical judgement" in text
    assert f"This case online: {case_page.url}" in text
    for item in evaluated["recommendations"] + evaluated["warnings"]:
        assert item["text"] in text
    assert f"rules {calc.__version__}" in text
    assert f"Evaluated with rules {calc.__version__}." in text
    assert "Liver reserve (required): Team decision." in text  # case 007: a team decision
    assert f"guideline last reviewed {calc.GUIDELINE_REVIEWED}" in text
    assert re.search(r"rules hash [0-9a-f]{12}", text)
    assert "<" not in text  # plain text, no markup


# --- shareable case link -----------------------------------------------------------------


def test_link_from_the_page_reproduces_the_case(
    case_page: Page, browser: Browser, site_server: str
) -> None:
    g = golden("020")
    fill_case(case_page, g["case"])
    check(case_page, g["expected"]["verdict"])
    url = case_page.url
    assert "#case=" in url
    assert "?" not in url  # never in the query string: never sent to a server
    headline = case_page.locator("#case-result .case-check-headline").inner_text()
    ctx = new_context(browser)
    page = ctx.new_page()
    page.goto(url)
    result = page.locator("#case-result")
    expect(result).to_have_attribute("data-verdict", g["expected"]["verdict"], timeout=BOOT_TIMEOUT)
    expect(result.locator(".case-check-headline")).to_have_text(headline)
    for crit_id, status in g["expected"]["criteria"].items():
        expect(result.locator(f'li[data-id="{crit_id}"]')).to_have_attribute("data-status", status)
    # The form shows the case that was checked.
    for key, value in g["case"].items():
        if value is None:
            continue
        control = page.locator(f'#case-check [name="{key}"]').first
        if control.get_attribute("type") == "radio":
            checked = page.locator(f'#case-check [name="{key}"]:checked')
            expect(checked).to_have_attribute("value", form_value(value))
        else:
            expect(control).to_have_value(form_value(value))
    assert page.url == url
    ctx.close()


@pytest.mark.parametrize("name", ["001", "009", "024", "032", "045", "048"])
def test_link_built_from_a_golden_case(browser: Browser, site_server: str, name: str) -> None:
    """045 is a case saved with rules version 1: it opens and is evaluated with version 2."""
    g = golden(name)
    ctx = new_context(browser)
    page = ctx.new_page()
    page.goto(site_server + "case-check/" + case_link(g["case"]))
    result = page.locator("#case-result")
    expect(result).to_have_attribute("data-verdict", g["expected"]["verdict"], timeout=BOOT_TIMEOUT)
    for crit_id, status in g["expected"]["criteria"].items():
        expect(result.locator(f'li[data-id="{crit_id}"]')).to_have_attribute("data-status", status)
    for item in g["expected"]["recommendations"]:
        expect(result.locator(f'li[data-id="{item}"]')).to_have_count(1)
    expect(result.locator(".case-check-rules-version")).to_contain_text(calc.__version__)
    ctx.close()


def test_link_opened_by_instant_navigation(context: BrowserContext, site_server: str) -> None:
    g = golden("009")
    page = context.new_page()
    page.goto(site_server + "selection/")
    page.evaluate("window.__noReload = true")
    page.evaluate(
        """(href) => {
            const a = document.createElement("a");
            a.href = href;
            a.id = "case-link";
            a.textContent = "the case";
            document.querySelector("article").append(a);
        }""",
        "../case-check/" + case_link(g["case"]),
    )
    page.locator("#case-link").click()
    page.wait_for_url("**/case-check/#case=*")
    expect(page.locator("#case-result")).to_have_attribute(
        "data-verdict", g["expected"]["verdict"], timeout=BOOT_TIMEOUT
    )
    assert page.evaluate("window.__noReload") is True
    page.close()


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


@pytest.mark.parametrize(
    "fragment",
    [
        "#case=%%%not-base64",
        "#case=" + _b64("not json {"),
        "#case=" + _b64("[1, 2]"),
        "#case=" + _b64('"positive"'),
        "#case=" + _b64("null"),
        "#case=",
        "#case=" + base64.urlsafe_b64encode(b"\xff\xfe{}").decode("ascii"),
    ],
    ids=["not-base64", "not-json", "array", "string", "null", "empty", "not-utf8"],
)
def test_malformed_link_gives_a_message_and_an_empty_form(
    context: BrowserContext, site_server: str, fragment: str
) -> None:
    page = context.new_page()
    open_case_check(page, site_server, fragment)
    alert = page.locator('#case-result [role="alert"]')
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(BAD_LINK)
    assert page.locator("#case-result").get_attribute("data-verdict") in (None, "")
    assert_empty_form(page)
    page.close()


def test_link_with_unknown_keys_is_left_to_calc(context: BrowserContext, site_server: str) -> None:
    case = {**golden("001")["case"], "not_a_field": 1}
    with pytest.raises(calc.CaseError):
        calc.evaluate(case)
    page = context.new_page()
    open_case_check(page, site_server, case_link(case))
    summary = page.locator("#case-result .case-check-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("not_a_field")
    assert page.locator("#case-result").get_attribute("data-verdict") in (None, "")
    # An error is not a result: the address no longer holds a case.
    assert "#case=" not in page.url
    page.close()


def assert_empty_form(page: Page) -> None:
    state = page.evaluate(
        """() => [...document.querySelectorAll("#case-check input, #case-check select")]
            .filter((c) => (c.type === "radio" ? c.checked && c.value !== "" : c.value !== ""))
            .map((c) => c.name)"""
    )
    assert state == [], f"not empty: {state}"


# --- what would change the verdict -------------------------------------------------------


def _whatif_in_page(page: Page) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll(".case-check-whatif-list > li")].map((li) => ({
                field: li.dataset.field,
                title: li.querySelector(".case-check-whatif-title").textContent,
                changes: [...li.querySelectorAll(".case-check-whatif-changes > li")].map((c) => ({
                    verdict: c.dataset.verdict,
                    text: c.querySelector(".case-check-whatif-text").textContent,
                    label: c.querySelector(".case-check-whatif-verdict").textContent,
                })),
            }))"""
        )
    )


def _pick_explained() -> list[dict[str, Any]]:
    """Several needs_assessment / not_candidate cases, with something to list."""
    out = [g for g in EXPLAINED if calc.what_would_change(g["case"])]
    return out[:: max(1, len(out) // 6)][:6]


@pytest.mark.parametrize("g", _pick_explained(), ids=lambda g: str(g["name"]))
def test_what_would_change_matches_calc(case_page: Page, g: dict[str, Any]) -> None:
    fill_case(case_page, g["case"])
    check(case_page, g["expected"]["verdict"])
    expect(case_page.locator("#case-result")).to_have_attribute("data-what-if", "shown")
    labels = {v["code"]: v["label"] for v in calc.describe()["verdicts"]}
    expected = [
        {
            "field": item["field"],
            "title": item["title"],
            "changes": [
                {"verdict": c["verdict"], "text": c["text"], "label": labels[c["verdict"]]}
                for c in item["changes"]
            ],
        }
        for item in calc.what_would_change(g["case"])
    ]
    assert _whatif_in_page(case_page) == expected
    expect(case_page.locator(".case-check-whatif h3")).to_have_text("What would change the verdict")


def test_nothing_listed_for_a_candidate(case_page: Page) -> None:
    g = golden("001")
    assert calc.what_would_change(g["case"]) == []
    fill_case(case_page, g["case"])
    check(case_page, g["expected"]["verdict"])
    expect(case_page.locator("#case-result")).to_have_attribute("data-what-if", "none")
    expect(case_page.locator(".case-check-whatif")).to_be_empty()


def test_enough_cases_explained() -> None:
    assert len(_pick_explained()) >= 3


# --- accessibility -----------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["wide", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_result_share_controls_and_what_if(
    browser: Browser, site_server: str, scheme: str, viewport: tuple[int, int]
) -> None:
    ctx = new_context(
        browser,
        color_scheme=scheme,
        viewport={"width": viewport[0], "height": viewport[1]},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = ctx.new_page()
    open_case_check(page, site_server)
    g = golden("007")
    fill_case(page, g["case"])
    check(page, g["expected"]["verdict"])
    expect(page.locator("#case-result")).to_have_attribute("data-what-if", "shown")
    expect(page.locator('#case-result button[data-action="copy-link"]')).to_be_visible()
    page.locator(".case-check-help-toggle").click()  # the explanations shown too
    page.locator(".case-check-examples > button").click()  # and the examples
    page.locator('#case-result button[data-action="copy-link"]').focus()
    assert_no_axe_violations(page, f"case-check with result, share controls and what-if ({scheme})")
    if viewport[0] < 600:
        # The verdict bar, shown while the verdict is out of view.
        page.evaluate("window.scrollTo(0, 0)")
        expect(page.locator("#case-check-bar")).to_be_visible()
        assert_no_axe_violations(page, f"case-check with the verdict bar ({scheme})")
    page.goto(site_server + "case-check/#case=%%%")
    expect(page.locator('#case-result [role="alert"]')).to_be_visible()
    assert_no_axe_violations(page, f"case-check with a malformed link ({scheme})")
    ctx.close()
