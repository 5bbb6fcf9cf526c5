// The printout's stamp, header and footer, and "Copy summary": the same content as the
// printed result, as plain text. Labels come from calc.describe() through the form's data
// attributes; full references from the bibliography, built into the page.

export const STATUS_TEXT = { met: "Met", not_met: "Not met", unknown: "Not known", judgement: "Team decision" };

export function verdictLabel(ui, code) {
  return ui.labels?.[code] ?? code;
}

// Fallback only: the labels come from calc.describe() through the form's data-status-labels.
export function statusLabel(ui, code) {
  return ui.statusLabels?.[code] ?? STATUS_TEXT[code] ?? code;
}

function pad(n) {
  return String(n).padStart(2, "0");
}

export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// The stamp: [{key, label, value}], the same on screen, in print and in the summary.
export function stampParts(ui, result) {
  return [
    { key: "version", label: "rules", value: result.version ?? "?" },
    { key: "rules", label: "rules hash", value: ui.form.dataset.rulesHash || "?" },
    { key: "reviewed", label: "guideline last reviewed", value: result.guideline_reviewed ?? "?" },
    { key: "printed", label: "printed", value: today() },
  ];
}

// The printout's stamp holds the date it was printed, its footer the address of this very
// case (on "beforeprint", and after each result: the link follows the live result).
export function refreshPrintout() {
  for (const node of document.querySelectorAll('#case-result [data-stamp="printed"]')) node.textContent = today();
  for (const node of document.querySelectorAll("#case-result [data-case-link]")) node.textContent = location.href;
}

// "Reference. Journal year;vol:pages. doi:..." from the page's bibliography data, or "".
export function fullReference(ui, key) {
  const entry = Object.hasOwn(ui.references ?? {}, key) ? ui.references[key] : null;
  if (!entry) return "";
  // "doi:..." and "PMID ..." say enough on paper; any other link (a label) needs its address.
  const ids = (entry.links ?? []).map(([label, url]) => (/^(doi:|PMID )/.test(label) ? label : `${label} ${url}`));
  return [entry.citation, ...ids].filter(Boolean).join(" ");
}

// What is still open in a result: criteria not known, and team decisions (labels from calc).
export function openItems(ui, result) {
  const count = (status) => (result.criteria ?? []).filter((c) => c.status === status).length;
  const counts = ["unknown", "judgement"].map((status) => [status, count(status)]);
  const parts = counts.filter(([, n]) => n).map(([status, n]) => `${n} ${statusLabel(ui, status).toLowerCase()}`);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (!total) return { count: 0, text: "Nothing open" };
  return { count: total, text: `${total} open: ${parts.join(", ")}` };
}

export function summaryText(ui) {
  const last = ui.last;
  if (!last) return "";
  const { result, rows, whatIf } = last;
  const refs = (keys) => (keys?.length ? ` [${keys.join(", ")}]` : "");
  const lines = [
    `Case check: ${document.title}`,
    "",
    `Verdict: ${verdictLabel(ui, result.verdict)}`,
    result.headline ?? "",
    `${openItems(ui, result).text}.`,
    `Evaluated with rules ${result.version ?? "?"}.`,
    "",
    "Case as entered:",
  ];
  for (const row of rows) lines.push(`- ${row.title}: ${row.value}`);
  const failedScope = (result.scope ?? []).filter((s) => !s.ok);
  if (failedScope.length) {
    lines.push("", "Scope:");
    for (const s of failedScope) lines.push(`- ${s.reason}`);
  }
  lines.push("", "Criteria:");
  for (const c of result.criteria ?? []) {
    const kind = c.required ? "required" : "favourable";
    lines.push(`- ${c.label} (${kind}): ${statusLabel(ui, c.status)}. ${c.reason}${refs(c.refs)}`);
  }
  const section = (heading, items) => {
    if (!items?.length) return;
    lines.push("", `${heading}:`);
    for (const item of items) lines.push(`- ${item.text}${refs(item.refs)}`);
  };
  section("Recommendations", result.recommendations);
  section("Systemic therapy", result.systemic_therapy);
  section("Warnings", result.warnings);
  if (whatIf?.length) {
    lines.push("", "What would change the verdict (each detail changed alone):");
    for (const item of whatIf) {
      for (const change of item.changes ?? []) {
        lines.push(`- ${item.title}: ${change.text} -> ${verdictLabel(ui, change.verdict)}`);
      }
    }
  }
  const references = Object.entries(result.references ?? {});
  if (references.length) {
    lines.push("", "References:");
    for (const [key, text] of references) lines.push(`- [${key}] ${fullReference(ui, key) || text}`);
  }
  const disclaimer = document.querySelector("#case-result .case-check-print-disclaimer")?.textContent.trim();
  if (disclaimer) lines.push("", disclaimer);
  lines.push("", `This case online: ${location.href}`);
  const stamp = stampParts(ui, result).map((part) => `${part.label} ${part.value}`);
  lines.push("", `${stamp.join("; ")}.`);
  return lines.join("\n");
}
