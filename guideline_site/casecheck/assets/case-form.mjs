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
  return fieldBox(form, name)?.dataset.title ?? name;
}

export function formValue(value) {
  return typeof value === "boolean" ? String(value) : String(value ?? "");
}

// Empty = not known (omitted). Booleans travel as true/false; numbers as typed (calc
// accepts numeric strings and is the one place that validates them).
export function readCase(form) {
  const data = {};
  for (const name of fieldNames(form)) {
    const controls = controlsOf(form, name);
    if (controls.length === 0) continue;
    const first = controls[0];
    const kind = first.dataset.kind;
    const checked = first.type === "radio" ? controls.find((c) => c.checked) : first;
    const value = (checked?.value ?? "").trim();
    if (value === "") continue;
    data[name] = kind === "boolean" ? value === "true" : value;
  }
  return data;
}

// The field's wrapper (its messages, title and group), or null for a key the form lacks.
export function fieldBox(form, name) {
  return form.querySelector(`[data-field="${CSS.escape(name)}"]`);
}

// A value of the case, only if the case itself holds it (never an inherited property).
export function own(data, key) {
  return data !== null && typeof data === "object" && Object.hasOwn(data, key) ? data[key] : undefined;
}

export function isEmpty(value) {
  return value === undefined || value === null || value === "";
}

// Every control back to "not known" (the form's own reset, without its reset event).
export function emptyForm(form) {
  for (const name of fieldNames(form)) {
    for (const control of controlsOf(form, name)) {
      if (control.type === "radio") control.checked = control.value === "";
      else if (control.tagName === "SELECT") control.value = "";
      else control.value = "";
    }
  }
}

// Only the form's own fields are read from the case; other keys are left for calc to name.
export function fillForm(form, data) {
  for (const name of fieldNames(form)) {
    const raw = own(data, name);
    if (raw === null || raw === undefined) continue;
    const controls = controlsOf(form, name);
    if (!controls.length) continue;
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
    const raw = own(data, name);
    let value = notKnown;
    if (!isEmpty(raw)) {
      const controls = controlsOf(form, name);
      const wanted = formValue(raw);
      const first = controls[0];
      if (first?.type === "radio") {
        const chosen = controls.find((c) => c.value === wanted);
        value = chosen?.closest("label")?.textContent.trim() || wanted;
      } else if (first?.tagName === "SELECT") {
        value = [...first.options].find((o) => o.value === wanted)?.textContent.trim() || wanted;
      } else {
        const unit = fieldBox(form, name)?.querySelector(".case-check-unit")?.textContent.trim();
        value = unit ? `${wanted} ${unit}` : wanted;
      }
    }
    rows.push({ name, title: fieldTitle(form, name), value });
  }
  return rows;
}
