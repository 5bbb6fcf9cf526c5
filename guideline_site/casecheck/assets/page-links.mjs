// Same-page links keep the case. Material's instant navigation takes over every click on
// a link to a page of the site, including "#section" links on this very page (the table of
// contents, a heading's ¶ link, "Skip to content"); with a case in the address it then
// re-renders the page, which empties the form and replaces the #case= fragment. While a
// case-check form is on screen, such a click is handled here instead: the target is shown
// and focused, and the address (with its case) is left as it is.

const TOGGLES = ["__drawer", "__search"]; // the theme's drawer and search overlay

function focusable(node) {
  return node.matches("a[href], button, input, select, textarea, summary, [tabindex]");
}

export function showTarget(target) {
  for (let node = target.parentElement; node; node = node.parentElement) {
    if (node.tagName === "DETAILS") node.open = true;
  }
  if (!focusable(target)) target.setAttribute("tabindex", "-1");
  // scrollIntoView honours the page's scroll-padding (the sticky header, "Back to top").
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (!document.querySelector("form#case-check")) return;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!link || link.target || link.hasAttribute("download")) return;
  const url = new URL(link.href, location.href);
  const here = new URL(location.href);
  if (url.origin !== here.origin || url.pathname !== here.pathname || url.search !== here.search) return;
  if (!url.hash || url.hash.startsWith("#case=")) return;
  let id;
  try {
    id = decodeURIComponent(url.hash.slice(1));
  } catch {
    return;
  }
  const target = document.getElementById(id);
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  for (const toggle of TOGGLES) {
    const input = document.getElementById(toggle);
    if (input?.checked) input.click();
  }
  showTarget(target);
}

// Once per document: the listener sits on the document (capture), which instant
// navigation keeps, so it sees the click before the theme's listener on the body.
export function guardSamePageLinks(state) {
  if (state.linkGuard) return;
  state.linkGuard = true;
  document.addEventListener("click", onClick, true);
}
