// The verdict bar: on a narrow screen, where the result sits below the form, a bar fixed to
// the bottom of the window shows the verdict, what is open and a link to the full result,
// whenever the result's verdict is out of view. On a wide screen the result sits beside
// the form and stays in view, so the bar never shows. The page keeps room for the bar
// (scroll-padding), so it never covers the focused field; it is never printed.

const BAR_HEIGHT = "--case-check-bar-height";

// The bar's height, for the room kept for it (case-check.css), set only while the bar shows
// and only when it changed: a custom property of the root element is inherited by every
// element, so each write restyles the whole page (a hidden bar's height was written at
// every start-up, while the engine boots; README, "How the case check starts").
function setHeight(bar) {
  const root = document.documentElement.style;
  const value = bar.hidden ? "" : `${Math.ceil(bar.getBoundingClientRect().height)}px`;
  if (root.getPropertyValue(BAR_HEIGHT) === value) return;
  if (value) root.setProperty(BAR_HEIGHT, value);
  else root.removeProperty(BAR_HEIGHT);
}

// What the focused control looks like on screen: a segmented choice is drawn by its
// label, a number by the box around it.
function drawnRect(active) {
  return (active.closest(".case-check-option, .case-check-input") ?? active).getBoundingClientRect();
}

// The focused element is never hidden: not under the bar at the bottom of a narrow screen,
// nor under the result's verdict, which stays at the top of its column on a wide one.
export function uncoverFocus(ui) {
  const active = document.activeElement;
  if (!ui?.form?.isConnected || !active || active === document.body) return;
  const box = drawnRect(active);
  // Only a field on screen can be covered; one the reader has scrolled away from stays put.
  if (box.bottom <= 0 || box.top >= window.innerHeight) return;
  const bar = ui.bar?.node;
  if (bar && !bar.hidden && !bar.contains(active)) {
    const top = bar.getBoundingClientRect().top;
    if (box.bottom > top) window.scrollBy(0, box.bottom - top + 8);
  }
  const verdict = ui.output?.querySelector(".case-check-verdict-box");
  if (verdict && !verdict.contains(active) && getComputedStyle(verdict).position === "sticky") {
    const cover = verdict.getBoundingClientRect();
    const beside = box.right <= cover.left || box.left >= cover.right;
    if (!beside && box.top < cover.bottom && box.bottom > cover.top) window.scrollBy(0, box.top - cover.bottom - 8);
  }
}

export function setupBar(ui) {
  const bar = document.getElementById("case-check-bar");
  if (!bar) return;
  ui.bar = {
    node: bar,
    verdict: bar.querySelector(".case-check-bar-verdict"),
    open: bar.querySelector(".case-check-bar-open"),
    state: null, // {kind, label, detail} or null: nothing to show
    resultInView: false,
  };
  const sync = () => {
    const show = ui.bar.state !== null && !ui.bar.resultInView && bar.isConnected;
    bar.hidden = !show;
    setHeight(bar);
    uncoverFocus(ui); // the bar may have appeared, or grown with a longer verdict
  };
  ui.bar.sync = sync;
  const header = document.querySelector(".md-header")?.getBoundingClientRect().height ?? 0;
  ui.bar.observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) ui.bar.resultInView = entry.isIntersecting;
      sync();
    },
    { rootMargin: `-${Math.round(header)}px 0px 0px 0px` },
  );
  new ResizeObserver(() => {
    setHeight(bar);
    uncoverFocus(ui);
  }).observe(bar);
  // Its link ("See the result", #case-result-heading) is a same-page link: the page's link
  // guard shows and focuses the heading (see page-links.mjs).
}

// After each result: what the bar says, and which element must be out of view for it to show.
export function updateBar(ui, state) {
  const bar = ui.bar;
  if (!bar) return;
  bar.state = state;
  bar.observer.disconnect();
  bar.resultInView = false;
  if (state) {
    bar.verdict.textContent = state.label;
    bar.open.textContent = state.detail ?? "";
    bar.node.dataset.kind = state.kind;
    const watched = ui.output.querySelector(".case-check-verdict-box, .case-check-headline");
    if (watched) bar.observer.observe(watched);
  }
  bar.sync();
}
