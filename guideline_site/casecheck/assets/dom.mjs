// DOM helpers shared by the page modules: elements built with textContent only (never
// HTML strings), and the polite live region.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child);
  }
  return node;
}

export function parseJSON(text) {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return {};
  }
}

export function announce(ui, text) {
  // Clear first so the same text twice in a row is announced again.
  ui.announce.textContent = "";
  clearTimeout(ui.announceTimer);
  ui.announceTimer = setTimeout(() => {
    ui.announce.textContent = text;
  }, 50);
}
