"""The case check in the system Chromium, against the built site served on 127.0.0.1.

Golden cases are typed into the form generically (each case key is a control name), so
these tests double as a check that the form covers the schema.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import golden_cases
from playwright.sync_api import Browser, Page, expect

import calc
from guideline_site.localsite import fill_case, form_value

pytestmark = pytest.mark.browser

READY = 'form#case-check[data-engine="ready"]'
BOOT_TIMEOUT = 60_000  # ms; a cold boot takes a few seconds on a busy 2-core machine

VALID = [g for g in golden_cases() if "verdict" in g["expected"]]
ADVICE_LISTS = {
    "recommendations": ".case-check-recommendations",
    "systemic_therapy": ".case-check-therapy",
    "warnings": ".case-check-warnings",
}


def enterable(page: Page, case: dict[str, Any]) -> bool:
    """Can this case be typed into the form (every key a control, every choice offered)?"""
    for key, value in case.items():
        if value is None:
            continue
        controls = page.locator(f'#case-check [name="{key}"]')
        if controls.count() == 0:
            return False
        if controls.first.get_attribute("type") == "radio":
            option = page.locator(f'#case-check input[name="{key}"][value="{form_value(value)}"]')
            if option.count() != 1:
                return False
    return True


def check(page: Page) -> None:
    page.locator('#case-check button[type="submit"]').click()


def open_case_check(page: Page, base_url: str) -> None:
    page.goto(base_url + "case-check/")
    page.wait_for_selector(READY, timeout=BOOT_TIMEOUT)


@pytest.fixture(scope="module")
def case_page(browser: Browser, site_server: str) -> Iterator[Page]:
    """One page for many cases: the engine boots once."""
    context = browser.new_context()
    page = context.new_page()
    open_case_check(page, site_server)
    yield page
    context.close()


def test_form_has_a_control_for_every_schema_key(case_page: Page) -> None:
    for name in calc.schema()["properties"]:
        assert case_page.locator(f'#case-check [name="{name}"]').count() >= 1, name


@pytest.mark.parametrize("golden", VALID, ids=lambda g: str(g["name"]))
def test_golden_case_through_the_form(case_page: Page, golden: dict[str, Any]) -> None:
    case = golden["case"]
    if not enterable(case_page, case):
        pytest.skip("this case cannot be typed into the form")
    fill_case(case_page, case)
    check(case_page)
    result = case_page.locator("#case-result")
    expect(result).to_have_attribute("data-verdict", golden["expected"]["verdict"])
    for crit_id, status in golden["expected"]["criteria"].items():
        expect(result.locator(f'li[data-id="{crit_id}"]')).to_have_attribute("data-status", status)
    # The exact advice shown, list by list (the same expectations as the CPython tests).
    for group, css in ADVICE_LISTS.items():
        shown = result.locator(f"{css} > li").evaluate_all("items => items.map(i => i.dataset.id)")
        assert sorted(shown) == golden["expected"][group], group


def test_enough_golden_cases_are_enterable(case_page: Page) -> None:
    assert sum(enterable(case_page, g["case"]) for g in VALID) >= 5


def test_result_links_citations_and_sections(case_page: Page, site_server: str) -> None:
    fill_case(case_page, VALID[0]["case"])
    check(case_page)
    result = case_page.locator("#case-result")
    expect(result).to_have_attribute("data-verdict", VALID[0]["expected"]["verdict"])
    refs = result.locator(".case-check-refs a")
    assert refs.count() > 0
    for href in refs.evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith(site_server + "references/#ref-"), href
    sections = result.locator(".case-check-criterion-title a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert len(sections) == len(calc.describe()["criteria"])
    assert all(h.startswith(site_server) and "#" in h for h in sections), sections
    # The announcement region says what happened.
    expect(case_page.locator("#case-check-announce")).to_contain_text("Result")


@pytest.mark.parametrize(
    ("field", "typed"),
    [("ecog", "7"), ("future_liver_remnant_pct", "150")],
    ids=["ecog", "remnant"],
)
def test_invalid_entry_marks_the_field(case_page: Page, field: str, typed: str) -> None:
    fill_case(case_page, {**VALID[0]["case"], field: typed})
    check(case_page)
    control = case_page.locator(f'#case-check [name="{field}"]')
    expect(control).to_have_attribute("aria-invalid", "true")
    result = case_page.locator("#case-result")
    expect(result).not_to_have_attribute("data-verdict", VALID[0]["expected"]["verdict"])
    assert result.get_attribute("data-verdict") in (None, "")
    # The message is linked to the control and the control has the focus.
    described = (control.get_attribute("aria-describedby") or "").split()
    message = case_page.locator(f"#{described[-1]}")
    expect(message).to_be_visible()
    assert message.inner_text().strip()
    expect(control).to_be_focused()
    # Only the named field is invalid.
    assert case_page.locator('#case-check [aria-invalid="true"]').count() == 1
    # Fixing it and checking again clears the error and gives the verdict.
    control.fill("")
    check(case_page)
    expect(result).to_have_attribute("data-verdict", "needs_assessment")
    expect(case_page.locator('#case-check [aria-invalid="true"]')).to_have_count(0)
    expect(message).to_be_hidden()


def test_missing_required_fields_are_reported(case_page: Page) -> None:
    case_page.locator('#case-check button[type="reset"]').click()
    check(case_page)
    for name in ("hormone_receptor", "liver_metastases"):
        expect(case_page.locator(f'#case-check [name="{name}"]').first).to_have_attribute(
            "aria-invalid", "true"
        )
    assert case_page.locator("#case-result").get_attribute("data-verdict") in (None, "")
    expect(case_page.locator('#case-check [name="hormone_receptor"]').first).to_be_focused()


def test_keyboard_only(browser: Browser, site_server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    open_case_check(page, site_server)
    # Start from the status line at the top of the form, then use the keyboard only.
    page.evaluate(
        "() => { const s = document.getElementById('case-check-engine');"
        " s.tabIndex = -1; s.focus(); }"
    )

    def tab_to(name: str) -> None:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == name

    tab_to("hormone_receptor")
    page.keyboard.press("Space")  # first option: positive
    tab_to("liver_metastases")
    page.keyboard.type("1")
    tab_to("her2")
    page.keyboard.press("ArrowRight")  # not known -> negative
    tab_to("ecog")
    page.keyboard.type("0")
    for name in ("expected_resection", "extrahepatic_disease", "liver_function"):
        tab_to(name)
        page.keyboard.press("ArrowRight")  # R0, none, normal
    tab_to("future_liver_remnant_pct")
    page.keyboard.type("45")
    tab_to("systemic_response")
    for _ in range(3):  # not known -> not started -> complete -> partial response
        page.keyboard.press("ArrowRight")
    tab_to("months_to_liver_metastasis")
    page.keyboard.type("36")
    page.keyboard.press("Tab")  # menopausal status
    page.keyboard.press("Tab")  # aggressive liver disease
    page.keyboard.press("Tab")  # chemotherapy started
    page.keyboard.press("Tab")  # hepatobiliary review done
    tab_to("lesion_size_cm")
    page.keyboard.type("3")
    tab_to("metastasis_biopsied")
    page.keyboard.press("ArrowRight")  # not known -> yes
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    result = page.locator("#case-result")
    expect(result).to_have_attribute("data-verdict", "candidate")
    expect(result.locator('li[data-id="lesion_size"]')).to_have_attribute("data-status", "met")
    expect(result.locator('li[data-id="biopsy_metastasis"]')).to_have_count(0)
    assert page.locator('#case-check input[name="systemic_response"]:checked').get_attribute(
        "value"
    ) == ("partial_response")
    context.close()


def test_instant_navigation_keeps_one_worker(browser: Browser, site_server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    open_case_check(page, site_server)
    page.evaluate("window.__noReload = true")
    nav = page.locator("nav.md-nav--primary")
    for _ in range(2):
        nav.locator("a.md-nav__link[href$='selection/']").first.click()
        page.wait_for_url("**/selection/")
        nav.locator("a.md-nav__link[href$='case-check/']").first.click()
        page.wait_for_url("**/case-check/")
        page.wait_for_selector(READY)
    # Instant navigation, not full reloads: the window survived.
    assert page.evaluate("window.__noReload") is True
    state = page.evaluate(
        "({workers: __caseCheck.workers, mounts: __caseCheck.mounts,"
        " requests: __caseCheck.requests})"
    )
    assert state["workers"] == 1
    assert state["mounts"] == 3  # one set of handlers per visit (each visit has a new form)
    assert len([w for w in workers if "/assets/case-check/worker." in w]) == 1
    fill_case(page, VALID[0]["case"])
    check(page)
    expect(page.locator("#case-result")).to_have_attribute(
        "data-verdict", VALID[0]["expected"]["verdict"]
    )
    # One submit, one request: no handler was attached twice.
    assert page.evaluate("__caseCheck.requests") == state["requests"] + 1
    # Links in the result resolve against this page's site root after the navigations.
    hrefs = page.locator("#case-result .case-check-refs a").evaluate_all("a => a.map(x => x.href)")
    assert hrefs
    assert all(h.startswith(site_server + "references/#ref-") for h in hrefs), hrefs
    context.close()


def test_submit_before_ready_is_queued(browser: Browser, site_server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server + "case-check/")
    page.wait_for_selector('form#case-check[data-engine="loading"]')
    fill_case(page, VALID[0]["case"])
    check(page)
    expect(page.locator("#case-result")).to_have_attribute(
        "data-verdict", VALID[0]["expected"]["verdict"], timeout=BOOT_TIMEOUT
    )
    context.close()


@pytest.mark.parametrize("blocked", ["**/*.wasm", "**/calc-*.zip"], ids=["wasm", "bundle"])
def test_startup_failure_is_shown(browser: Browser, site_server: str, blocked: str) -> None:
    context = browser.new_context()
    context.route(blocked, lambda route: route.abort())
    page = context.new_page()
    page.goto(site_server + "case-check/")
    form = page.locator("form#case-check")
    expect(form).to_have_attribute("data-engine", "failed", timeout=BOOT_TIMEOUT)
    status = page.locator("#case-check-engine")
    expect(status).to_contain_text("could not start")
    expect(status.locator('a[href="#case-check-criteria"]')).to_have_count(1)
    expect(page.locator("#case-check-criteria")).to_be_visible()
    # A check requested now says so too, and shows no verdict.
    fill_case(page, VALID[0]["case"])
    check(page)
    expect(page.locator("#case-result .case-check-output")).to_contain_text("could not start")
    assert page.locator("#case-result").get_attribute("data-verdict") in (None, "")
    context.close()


def test_cold_boot_time(browser: Browser, site_server: str) -> None:
    """Navigation start -> ready, cold (fresh context each run); printed, loosely bounded."""
    times = []
    for _ in range(3):
        context = browser.new_context()
        page = context.new_page()
        started = time.monotonic()
        open_case_check(page, site_server)
        times.append(page.evaluate("__caseCheck.readyAt"))
        assert time.monotonic() - started < BOOT_TIMEOUT / 1000
        context.close()
    print(f"case check ready (navigation start -> ready, cold): {statistics.median(times):.0f} ms")


# --- rules version 2: the team-decision status and the new fields ----------------------


def test_v2_fields_are_in_the_form(case_page: Page) -> None:
    form = case_page.locator("#case-check")
    her2_low = form.locator('input[name="her2"][value="low"]')
    expect(her2_low).to_have_count(1)
    label = form.locator(f'label[for="{her2_low.get_attribute("id")}"]')
    expect(label).to_contain_text("Low (IHC 1+ or 2+ with negative ISH)")
    size = form.locator('[name="lesion_size_cm"]')
    expect(size).to_have_count(1)
    size_label = form.locator(f'label[for="{size.get_attribute("id")}"]')
    expect(size_label).to_contain_text("cm")
    for value in ("true", "false", ""):
        expect(form.locator(f'input[name="metastasis_biopsied"][value="{value}"]')).to_have_count(1)


def _criterion(page: Page, crit_id: str) -> Any:
    return page.locator(f'#case-result li[data-id="{crit_id}"]')


@pytest.mark.parametrize(
    ("changes", "criterion", "advice", "words"),
    [
        (
            {"future_liver_remnant_pct": "25"},
            "liver_reserve",
            ["assess_liver_reserve", "consider_remnant_growth"],
            "portal vein embolisation",
        ),
        (
            {"extrahepatic_disease": "bone_controlled"},
            "extrahepatic_disease",
            ["assess_extrahepatic_disease", "extrahepatic_caution"],
            "bone",
        ),
    ],
    ids=["remnant-25", "bone-controlled"],
)
def test_team_decision_through_the_form(
    case_page: Page, changes: dict[str, str], criterion: str, advice: list[str], words: str
) -> None:
    """Each of the two judgement paths, entered by hand: needs assessment, a "Team decision"
    badge that is not the "Not known" one, what to decide, and the rules version."""
    ideal = next(g for g in VALID if g["name"] == "001-ideal-candidate")
    fill_case(case_page, {**ideal["case"], **changes})
    check(case_page)
    result = case_page.locator("#case-result")
    expect(result).to_have_attribute("data-verdict", "needs_assessment")
    item = _criterion(case_page, criterion)
    expect(item).to_have_attribute("data-status", "judgement")
    badge = item.locator(".case-check-status")
    expect(badge).to_have_text("Team decision")
    expect(item.locator(".case-check-reason")).to_contain_text("multidisciplinary team")
    for advice_id in advice:
        expect(result.locator(f'li[data-id="{advice_id}"]')).to_have_count(1)
    expect(result).to_contain_text(words)
    expect(result.locator(".case-check-headline")).to_contain_text("must decide")
    expect(result.locator(".case-check-rules-version")).to_have_text(
        f"Evaluated with rules {calc.__version__}."
    )
    # Distinct from "not known": its own look (not colour alone: the border style differs).
    styles = badge.evaluate("e => getComputedStyle(e).borderTopStyle")
    fill_case(case_page, {**ideal["case"], "future_liver_remnant_pct": None})
    check(case_page)
    unknown = _criterion(case_page, "liver_reserve").locator(".case-check-status")
    expect(unknown).to_have_text("Not known")
    assert unknown.evaluate("e => getComputedStyle(e).borderTopStyle") != styles
