/**
 * Text colour for a coloured chip: the darker or the lighter of two inks, whichever contrasts more with
 * the background, by the WCAG 2.x contrast ratio (L1 + 0.05) / (L2 + 0.05) on relative luminance
 * (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Category colours are the user's, so the ink must follow.
 */
export const DARK_INK = '#0b1016';
export const LIGHT_INK = '#ffffff';

/** `#rgb` or `#rrggbb` to [r, g, b] in 0…255; null when it is not such a colour. */
export function parseHexColour(hex: string): [number, number, number] | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return null;
  const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!;
  return [0, 2, 4].map((at) => parseInt(digits.slice(at, at + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance of an sRGB colour (0 = black, 1 = white). */
export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [a, b].map((hex) => relativeLuminance(parseHexColour(hex) ?? [0, 0, 0]));
  return (Math.max(la!, lb!) + 0.05) / (Math.min(la!, lb!) + 0.05);
}

/** The ink (dark or light) that reads best on `background`; dark for anything unparseable. */
export function readableInk(background: string): string {
  if (!parseHexColour(background)) return DARK_INK;
  return contrastRatio(background, DARK_INK) >= contrastRatio(background, LIGHT_INK) ? DARK_INK : LIGHT_INK;
}
