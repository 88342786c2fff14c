// Whether a focused element shows a focus indicator (WCAG 2.4.7, 1.4.11), from the
// styles captureFocus (lib/inpage.js) records: the same rules as the keyboard checks.
import { colorsIn, over, contrast } from './color.js';

/** Computed outline and box-shadow of the element `selector` picks (run in the page). */
export function outlineOf(selector) {
  const el = document.querySelector(selector);
  if (!el) return null;
  const cs = getComputedStyle(el);
  return { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, boxShadow: cs.boxShadow };
}

/**
 * `s` is a captureFocus stop, `u` the element's unfocused outlineOf. Returns the
 * problems with its focus indicator (none: visible, differs from the unfocused
 * state, and has 3:1 contrast against the background around the element).
 */
/** Which indicators the focused styles `f` show that the unfocused `u` do not. */
export function indicators(f, u) {
  const outline =
    f.outlineStyle !== 'none' &&
    parseFloat(f.outlineWidth) >= 1 &&
    colorsIn(f.outlineColor).some((c) => c[3] > 0) &&
    (f.outlineStyle !== u.outlineStyle || f.outlineWidth !== u.outlineWidth || f.outlineColor !== u.outlineColor);
  const shadow = f.boxShadow !== 'none' && f.boxShadow !== u.boxShadow;
  return { outline, shadow };
}

/** The message for a focused element without an indicator. */
export function noIndicator(f, u) {
  return (
    `focused outline ${f.outlineStyle} ${f.outlineWidth} ${f.outlineColor}, box-shadow ${f.boxShadow}; ` +
    `unfocused outline ${u.outlineStyle} ${u.outlineWidth}, box-shadow ${u.boxShadow}`
  );
}

export function focusProblems(s, u) {
  const f = s.style;
  const problems = [];
  if (!s.visible) problems.push('the focused element is not visible');
  if (s.covered) problems.push(`the focused element is covered by ${s.covered}`);
  const { outline, shadow } = indicators(f, u);
  if (!outline && !shadow) {
    problems.push(`no focus indicator: ${noIndicator(f, u)}`);
    return problems;
  }
  const [bg] = colorsIn(s.behind);
  if (bg) {
    const base = over(bg, [255, 255, 255, 1]);
    const colors = [];
    if (outline) colors.push(...colorsIn(f.outlineColor));
    if (shadow) colors.push(...colorsIn(f.boxShadow));
    const best = Math.max(0, ...colors.map((c) => contrast(over(c, base), base)));
    if (best < 3) problems.push(`focus indicator ${best.toFixed(2)}:1 against ${s.behind} (want 3:1)`);
  }
  return problems;
}
