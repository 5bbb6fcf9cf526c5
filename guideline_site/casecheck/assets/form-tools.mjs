// The form's tools: "Start from an example" (the rules package's own examples, rendered
// into the page at build time) and the switch that shows each question's explanation.
// Both are disclosure buttons (aria-expanded), hidden until this script runs (they need it).

function disclosure(button, onToggle) {
  const set = (open) => {
    button.setAttribute("aria-expanded", String(open));
    onToggle(open);
  };
  set(false);
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  return set;
}

export function setupExamples(ui, onExample) {
  const menu = ui.form.querySelector(".case-check-examples");
  const toggle = menu?.querySelector("button[aria-controls]");
  const panel = toggle ? document.getElementById(toggle.getAttribute("aria-controls")) : null;
  if (!menu || !toggle || !panel) return;
  menu.hidden = false;
  const set = disclosure(toggle, (open) => {
    panel.hidden = !open;
  });
  for (const button of panel.querySelectorAll("button[data-example]")) {
    button.addEventListener("click", () => {
      let data;
      try {
        data = JSON.parse(button.dataset.case ?? "{}");
      } catch {
        return;
      }
      set(false);
      toggle.focus();
      onExample(data, button.textContent.trim());
    });
  }
}

export function setupHelp(ui) {
  const toggle = ui.form.querySelector(".case-check-help-toggle");
  if (!toggle) return;
  toggle.hidden = false;
  disclosure(toggle, (shown) => {
    ui.form.dataset.help = shown ? "shown" : "hidden";
  });
}
