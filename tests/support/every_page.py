"""What the every-page browser run measures, as small JavaScript probes over the page as it is.

Each probe returns a list of findings (plain strings naming the element), empty when the page
passes, so one run can report every page's problems at once.
"""

from __future__ import annotations

from playwright.sync_api import Page

TAP = 44  # CSS px: WCAG 2.5.5's enhanced target size, the site's --tap token

# Everything a finger or a pointer acts on. A checkbox or radio button is acted on through its
# label (the site draws the box at 24 px beside a label row at least 44 px tall), so the label is
# measured in its place: see `_TARGETS_JS`.
INTERACTIVE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"

_TARGETS_JS = """([selector, tap]) => {
  const found = [];
  const visible = (e) => {
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    if (e.closest('[hidden], [aria-hidden="true"]')) return false;
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || e.getClientRects().length === 0) return false;
    // Inside the .visually-hidden pattern (a 1 px box that clips): for screen readers only.
    for (let a = e.parentElement; a; a = a.parentElement) {
      const box = a.getBoundingClientRect();
      if ((box.width <= 1 || box.height <= 1) && getComputedStyle(a).overflow !== 'visible') return false;
    }
    return true;
  };
  const describe = (e) => {
    const text = (e.innerText || e.value || e.getAttribute('aria-label') || e.name || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 40);
    const cls = e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
    return `<${e.tagName.toLowerCase()}${cls}> "${text}"`;
  };
  // WCAG 2.5.8's inline exception, taken narrowly: a link that is part of a sentence, i.e. an
  // inline <a> inside a paragraph that has words of its own around it. Its height is the line's;
  // making it 44 px would push the lines of the paragraph apart. Everything else must comply.
  const inSentence = (e) => {
    if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
    const p = e.closest('p');
    if (!p) return false;
    const own = p.innerText.replace(e.innerText, '').replace(/[\\s.,;:\\u00b7()\\u2013\\u2014-]/g, '');
    return own.length > 0;
  };
  const boxOf = (e) => {
    if (e.matches('input[type=checkbox], input[type=radio]')) {
      const labels = [...(e.labels || [])].filter(visible);
      if (labels.length) {
        const boxes = labels.map((l) => l.getBoundingClientRect());
        return {width: Math.max(...boxes.map((b) => b.width)), height: Math.max(...boxes.map((b) => b.height)), what: 'label of ' + describe(e)};
      }
    }
    // An inline link that wraps is two thin boxes, not one tall one: a finger meets a line.
    const parts = getComputedStyle(e).display === 'inline' ? [...e.getClientRects()] : [e.getBoundingClientRect()];
    return {width: Math.max(...parts.map((b) => b.width)), height: Math.max(...parts.map((b) => b.height)), what: describe(e)};
  };
  for (const e of document.querySelectorAll(selector)) {
    if (!visible(e) && !(e.matches('input[type=checkbox], input[type=radio]') && [...(e.labels || [])].some(visible))) continue;
    if (inSentence(e)) continue;
    const box = boxOf(e);
    // Half a pixel of rounding (rem sizes at fractional zoom) is not a finding.
    if (box.width + 0.5 < tap || box.height + 0.5 < tap) {
      found.push(`${box.what} is ${Math.round(box.width)}x${Math.round(box.height)} px`);
    }
  }
  return found;
}"""


def small_targets(page: Page) -> list[str]:
    """Interactive elements smaller than 44 x 44 CSS px (hidden ones and in-sentence links
    skipped)."""
    return page.evaluate(_TARGETS_JS, [INTERACTIVE, TAP])


def sideways_scroll(page: Page) -> list[str]:
    """The page scrolls sideways: what is wider than the window, widest first."""
    return page.evaluate(
        """() => {
        const root = document.scrollingElement;
        if (root.scrollWidth <= root.clientWidth) return [];
        const width = root.clientWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > width + 0.5)
          .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 0.5)
          .slice(0, 5)
          .map((e) => `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''}> right edge ${Math.round(e.getBoundingClientRect().right)} px`);
        return [`scrollWidth ${root.scrollWidth} > clientWidth ${width}`, ...wide];
      }"""
    )


def roster_cells_outside(page: Page) -> list[str]:
    """Header or data cells of any roster table lying (partly) outside the window, or a roster
    that has to be scrolled inside its wrapper to be seen whole."""
    return page.evaluate(
        """() => {
        const width = document.documentElement.clientWidth;
        const scrolled = [];
        for (const table of document.querySelectorAll('table.roster')) {
          if (table.getClientRects().length === 0) continue;
          for (let a = table.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible' && a.scrollWidth > a.clientWidth + 0.5) {
              scrolled.push(`the roster scrolls in <${a.tagName.toLowerCase()}.${a.className.trim().split(/\\s+/).join('.')}>: ${a.scrollWidth} px in ${a.clientWidth}`);
            }
          }
        }
        return scrolled.concat([...document.querySelectorAll('table.roster th, table.roster td')]
          .filter((c) => c.getClientRects().length > 0)
          .filter((c) => { const r = c.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
          .slice(0, 5)
          .map((c) => `<${c.tagName.toLowerCase()}> "${c.innerText.trim().slice(0, 30)}" spans ${Math.round(c.getBoundingClientRect().left)}-${Math.round(c.getBoundingClientRect().right)} px`));
      }"""
    )
