// Form <-> case: reads the form into the case calc expects, fills it from a case, and
// lists the case as entered with the form's own labels. No clinical logic: every name,
// value and label comes from the form, which the build renders from calc.schema().

// The form's own word for an empty answer (fallback: the labels come from calc.describe()).
export const NOT_KNOWN = "Not known";

export function fieldNames(form) {
  return (form.dataset.fields ?? "").split(" ").filter(Boolean);
}

export function controlsOf(form, name) {
  const item = form.elements.namedItem(name);
  if (item === null) return [];
  return item instanceof RadioNodeList ? [...item] : [item];
}

export function fieldTitle(form, name) {
  return form.querySelector(`[data-field="${CSS.escape(name)}"]`)?.dataset.title ?? name;
}

export function formValue(value) {
  return typeof value === "boolean" ? String(value) : String(value ?? "");
}

// Empty = not known (omitted). Booleans travel as true/false; numbers as typed (calc
// accepts numeric strings and is the one place that validates them).
export function readCase(form) {
  const data = {};
  const problems = [];
  for (const name of fieldNames(form)) {
    const controls = controlsOf(form, name);
    if (controls.length === 0) continue;
    const first = controls[0];
    const kind = first.dataset.kind;
    if (kind === "number" && first.validity.badInput) {
      problems.push({ field: name, message: "Enter a number, or leave it empty if not known." });
      continue;
    }
    const checked = first.type === "radio" ? controls.find((c) => c.checked) : first;
    const value = (checked?.value ?? "").trim();
    if (value === "") continue;
    data[name] = kind === "boolean" ? value === "true" : value;
  }
  return { data, problems };
}

export function fillForm(form, data) {
  for (const [name, raw] of Object.entries(data)) {
    if (raw === null || raw === undefined) continue;
    const controls = controlsOf(form, name);
    if (!controls.length) continue; // unknown key: calc names it
    const value = formValue(raw);
    const first = controls[0];
    if (first.type === "radio") {
      const option = controls.find((c) => c.value === value);
      if (option) option.checked = true;
    } else {
      first.value = value;
    }
  }
}

// The case as entered, in form order: [{name, title, value}] with the form's own labels
// (from calc.schema() at build time) and "Not known" for anything left empty.
export function caseRows(form, data, notKnown = NOT_KNOWN) {
  const rows = [];
  for (const name of fieldNames(form)) {
    const raw = data[name];
    let value = notKnown;
    if (raw !== undefined && raw !== null && raw !== "") {
      const controls = controlsOf(form, name);
      const wanted = formValue(raw);
      const first = controls[0];
      if (first?.type === "radio") {
        const chosen = controls.find((c) => c.value === wanted);
        value = chosen?.closest("label")?.textContent.trim() || wanted;
      } else if (first?.tagName === "SELECT") {
        value = [...first.options].find((o) => o.value === wanted)?.textContent.trim() || wanted;
      } else {
        const unit = form.querySelector(`[data-field="${CSS.escape(name)}"] .case-check-unit`)?.textContent.trim();
        value = unit ? `${wanted} ${unit}` : wanted;
      }
    }
    rows.push({ name, title: fieldTitle(form, name), value });
  }
  return rows;
}
