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

// {ok: true, data} for a JSON object, else {ok: false}. Unknown keys and bad values are
// left for calc to report; only "not a case at all" is refused here.
export function decodeCase(text) {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false };
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (data === null || typeof data !== "object" || Array.isArray(data)) return { ok: false };
    return { ok: true, data };
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
