// Colour arithmetic for focus-indicator contrast (WCAG relative luminance).

/** Every rgb()/rgba() colour in a computed-style string, as [r, g, b, a]. */
export function colorsIn(text) {
  const out = [];
  for (const m of String(text).matchAll(/rgba?\(([^)]+)\)/g)) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    if (parts.length >= 3 && parts.slice(0, 3).every(Number.isFinite)) {
      out.push([parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1]);
    }
  }
  return out;
}

/** `fg` (maybe translucent) drawn over the opaque `bg`. */
export function over(fg, bg) {
  const a = fg[3] ?? 1;
  return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a)).concat(1);
}

function luminance([r, g, b]) {
  const lin = (c) => {
    c /= 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
