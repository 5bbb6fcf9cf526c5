// Sharing: the case in the address's fragment (#case=..., never sent to a server) and the
// clipboard. The fragment is base64url of compact JSON; decoding refuses anything that is
// not a JSON object and leaves every key and value to calc.

export const CASE_PREFIX = "#case=";

export function encodeCase(data) {
  const bytes = new TextEncoder().encode(JSON.stringify(data));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// A link is read only if it is small and holds a flat JSON object of plain values: a whole
// case is well under 2 KB, so anything larger, nested or of another shape is "not a case"
// before it is parsed further or reaches the worker. Unknown keys and wrong values of the
// right shape are left for calc to report, field by field.
const MAX_LINK_CHARS = 8192;
const MAX_KEYS = 64;
const MAX_TEXT = 200;

function plainValue(value) {
  if (value === null || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && value.length <= MAX_TEXT;
}

// {ok: true, data} for a readable case, else {ok: false}. `data` is a fresh object whose
// own keys are the link's keys ("__proto__" stays a plain key, never a prototype).
export function decodeCase(text) {
  try {
    if (text.length > MAX_LINK_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false };
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { ok: false };
    const entries = Object.entries(parsed);
    if (entries.length > MAX_KEYS) return { ok: false };
    if (!entries.every(([key, value]) => key.length <= MAX_TEXT && plainValue(value))) return { ok: false };
    return { ok: true, data: Object.fromEntries(entries) };
  } catch {
    return { ok: false };
  }
}

export function writeFragment(data) {
  const url = new URL(location.href);
  url.hash = CASE_PREFIX.slice(1) + encodeCase(data);
  if (url.href !== location.href) history.replaceState(history.state, "", url.href);
}

export function clearFragment() {
  if (!location.hash.startsWith(CASE_PREFIX)) return;
  const url = new URL(location.href);
  url.hash = "";
  history.replaceState(history.state, "", url.href.replace(/#$/, ""));
}

// Resolves to true when the text reached the clipboard.
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Fallback where the Clipboard API is missing or refused: a selected textarea.
    const area = document.createElement("textarea");
    area.readOnly = true;
    area.setAttribute("aria-hidden", "true");
    area.className = "case-check-copy-area";
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
