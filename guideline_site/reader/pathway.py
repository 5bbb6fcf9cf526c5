"""The decision pathway: scope -> selection criteria -> verdicts -> next steps, as HTML.

Rendered at build time from ``calc.describe()`` (the only source of clinical text) as
semantic HTML: one ordered list of stages, laid out as a flow by ``pathway.css``. The
list *is* the diagram, so screen readers, search, print and text browsers get the same
content; the arrows are CSS pseudo-elements with no text. A ``figcaption`` names the
figure and a summary paragraph describes it in one sentence (``aria-describedby``).

Pure functions only: no MkDocs imports, so tests can call them with a fake description.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

#: Resolves a criterion's ``section`` ("selection/#liver-reserve") to an href relative
#: to the page being rendered, or ``None`` when it cannot be resolved (rendered unlinked).
LinkResolver = Callable[[str], "str | None"]

Description = Mapping[str, Any]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fails_to(check: Mapping[str, Any], labels: Mapping[str, str]) -> tuple[str, str]:
    """The verdict label and explanation of a scope check that fails.

    ``fails_to_verdict`` is the verdict code; ``fails_to`` the explanation in words.
    """
    code = str(check.get("fails_to_verdict", ""))
    return labels.get(code, code), str(check.get("fails_to", "")).strip()


def steps_by_verdict(
    describe: Description,
) -> tuple[dict[str, list[Mapping[str, Any]]], list[Mapping[str, Any]]]:
    """Split ``describe["recommendations"]`` into next steps per verdict code and the rest.

    A recommendation belongs to the verdicts its structured trigger names
    (``when["verdicts"]``); one that names none applies whatever the verdict and is
    returned separately. No prose is parsed.
    """
    codes = [str(v["code"]) for v in describe.get("verdicts", [])]
    per_verdict: dict[str, list[Mapping[str, Any]]] = {code: [] for code in codes}
    general: list[Mapping[str, Any]] = []
    for rec in describe.get("recommendations", []):
        listed = (rec.get("when") or {}).get("verdicts") or []
        hits = [code for code in codes if code in listed]
        for code in hits:
            per_verdict[code].append(rec)
        if not hits:
            general.append(rec)
    return per_verdict, general


def _status_names(describe: Description) -> list[str]:
    return [str(s["label"]).lower() for s in describe.get("statuses", [])]


def _either(words: Sequence[str]) -> str:
    """ "a, b or c" ("" for no words, so that a caller's fallback applies)."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def summary_text(describe: Description) -> str:
    """One plain-text sentence describing the whole pathway (the figure's description)."""
    scope = list(describe.get("scope", []))
    criteria = list(describe.get("criteria", []))
    verdicts = list(describe.get("verdicts", []))
    labels = {str(v["code"]): str(v["label"]) for v in verdicts}
    required = sum(1 for c in criteria if c.get("required"))
    favourable = len(criteria) - required
    outcomes = sorted({fails_to(s, labels)[0] for s in scope if s.get("fails_to_verdict")})
    parts = [
        f"First, {_plural(len(scope), 'scope check')}"
        + (f" ({'; '.join(str(s['label']) for s in scope)})" if scope else "")
        + (f"; if one fails, the verdict is {' or '.join(outcomes)}" if outcomes else ""),
        f"then {len(criteria)} selection {'criterion' if len(criteria) == 1 else 'criteria'}"
        f" ({required} required, {favourable} favourable), each "
        f"{_either(_status_names(describe)) or 'met, not met or unknown'}",
        "then the first verdict that applies, in this order: "
        + ", ".join(str(v["label"]) for v in verdicts),
        "each verdict leads to its next steps.",
    ]
    return "; ".join(parts[:-1]) + "; " + parts[-1]


def _scope_stage(describe: Description, labels: Mapping[str, str]) -> str:
    items = []
    for check in describe.get("scope", []):
        outcome, explanation = fails_to(check, labels)
        items.append(
            f'<li class="gr-pathway__box gr-pathway__box--scope" data-scope="{_e(check["id"])}">'
            f'<span class="gr-pathway__label">{_e(check["label"])}</span>'
            f'<span class="gr-pathway__rule">{_e(check.get("rule", ""))}</span>'
            + (
                f'<span class="gr-pathway__fail">If not: <strong>{_e(outcome)}</strong>'
                + (f" ({_e(explanation)})" if explanation else "")
                + "</span>"
                if outcome
                else ""
            )
            + "</li>"
        )
    return (
        '<li class="gr-pathway__stage gr-pathway__stage--scope">'
        '<p class="gr-pathway__stage-title"><span class="gr-pathway__step">1</span> '
        "Is the case in scope?</p>"
        '<p class="gr-pathway__note">Checked first, before any criterion.</p>'
        f'<ul class="gr-pathway__boxes">{"".join(items)}</ul></li>'
    )


def _criteria_stage(describe: Description, link_for: LinkResolver) -> str:
    statuses = [(str(s["code"]), str(s["label"])) for s in describe.get("statuses", [])]
    items = []
    for crit in describe.get("criteria", []):
        required = bool(crit.get("required"))
        kind = "required" if required else "favourable"
        href = link_for(str(crit.get("section", ""))) if crit.get("section") else None
        label = _e(crit["label"])
        name = f'<a href="{_e(href)}">{label}</a>' if href is not None else label
        outcomes = "".join(
            f'<span class="gr-pathway__outcome gr-pathway__outcome--{key}">'
            f'<span class="gr-pathway__key">{_e(title)}:</span> {_e(crit[key])}</span>'
            for key, title in statuses
            if crit.get(key)
        )
        items.append(
            f'<li class="gr-pathway__box gr-pathway__box--{kind}" '
            f'data-criterion="{_e(crit["id"])}">'
            f'<span class="gr-pathway__label">{name}</span>'
            f'<span class="gr-pathway__tag gr-pathway__tag--{kind}">'
            f"{'Required' if required else 'Favourable'}</span>"
            f"{outcomes}</li>"
        )
    return (
        '<li class="gr-pathway__stage gr-pathway__stage--criteria">'
        '<p class="gr-pathway__stage-title"><span class="gr-pathway__step">2</span> '
        "Selection criteria</p>"
        f'<p class="gr-pathway__note">Each is {_e(_either(_status_names(describe)))}. '
        "Required criteria decide the verdict; a favourable one marks an ideal "
        "candidate.</p>"
        f'<ul class="gr-pathway__boxes">{"".join(items)}</ul></li>'
    )


def _steps_list(recs: Sequence[Mapping[str, Any]], *, with_trigger: bool = False) -> str:
    return "".join(
        f'<li data-step="{_e(rec["id"])}">{_e(rec.get("text", ""))}'
        + (
            f' <span class="gr-pathway__when">(When: {_e(rec["trigger"])})</span>'
            if with_trigger and rec.get("trigger")
            else ""
        )
        + "</li>"
        for rec in recs
    )


def _verdict_stage(describe: Description) -> str:
    per_verdict, general = steps_by_verdict(describe)
    rows = []
    for verdict in describe.get("verdicts", []):
        code = str(verdict["code"])
        steps = per_verdict.get(code, [])
        next_html = (
            f'<ul class="gr-pathway__steps">{_steps_list(steps)}</ul>'
            if steps
            else '<p class="gr-pathway__none">No further step listed.</p>'
        )
        rows.append(
            f'<li class="gr-pathway__verdict" data-verdict="{_e(code)}">'
            '<div class="gr-pathway__box gr-pathway__box--verdict">'
            f'<span class="gr-pathway__label">{_e(verdict["label"])}</span>'
            f'<span class="gr-pathway__rule">{_e(verdict.get("when", ""))}</span></div>'
            '<div class="gr-pathway__box gr-pathway__box--next">'
            f'<span class="gr-pathway__key">Next steps</span>{next_html}</div></li>'
        )
    general_html = (
        '<div class="gr-pathway__box gr-pathway__box--general">'
        '<span class="gr-pathway__key">Whatever the verdict</span>'
        f'<ul class="gr-pathway__steps">{_steps_list(general, with_trigger=True)}</ul></div>'
        if general
        else ""
    )
    return (
        '<li class="gr-pathway__stage gr-pathway__stage--verdicts">'
        '<p class="gr-pathway__stage-title"><span class="gr-pathway__step">3</span> '
        "Verdict and next steps</p>"
        '<p class="gr-pathway__note">The first verdict that applies, in this order.</p>'
        f'<ol class="gr-pathway__verdicts">{"".join(rows)}</ol>{general_html}</li>'
    )


def render_pathway(
    describe: Description, link_for: LinkResolver, *, id_prefix: str = "decision-pathway"
) -> str:
    """The decision pathway as one self-contained ``<figure>`` of semantic HTML."""
    verdicts = describe.get("verdicts", [])
    labels = {str(v["code"]): str(v["label"]) for v in verdicts}
    stamp = ", ".join(
        part
        for part in (
            f"calc {describe['version']}" if describe.get("version") else "",
            f"guideline reviewed {describe['guideline_reviewed']}"
            if describe.get("guideline_reviewed")
            else "",
        )
        if part
    )
    title_id, summary_id = f"{id_prefix}-title", f"{id_prefix}-summary"
    return (
        f'<figure class="gr-pathway" id="{_e(id_prefix)}" '
        f'aria-labelledby="{title_id}" aria-describedby="{summary_id}">'
        f'<figcaption id="{title_id}" class="gr-pathway__title">'
        "Decision pathway: from scope to next steps"
        + (f' <span class="gr-pathway__stamp">({_e(stamp)})</span>' if stamp else "")
        + "</figcaption>"
        f'<p id="{summary_id}" class="gr-pathway__summary">{_e(summary_text(describe))}</p>'
        '<ol class="gr-pathway__flow">'
        + _scope_stage(describe, labels)
        + _criteria_stage(describe, link_for)
        + _verdict_stage(describe)
        + "</ol></figure>"
    )
