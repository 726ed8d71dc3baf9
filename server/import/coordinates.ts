import type { LonLat } from './street-file.ts';

const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/**
 * A number as the ANNCSU files write it, with a decimal comma ("10,2271") or a point.
 * `null` for an empty cell, `NaN` for text that is no number.
 */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!DECIMAL.test(trimmed)) return NaN;
  return Number(trimmed.replace(',', '.'));
}

/** Why a longitude/latitude pair is unusable, or undefined when it is fine. */
export function lonLatProblem(lon: number, lat: number): string | undefined {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'coordinates are not numbers';
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    return `coordinates (${lon}, ${lat}) are outside longitude -180..180 / latitude -90..90 (not WGS84 degrees?)`;
  }
  return undefined;
}

/** About a centimetre: finer digits are noise from the source's projection, and make re-imports look changed. */
export function roundLonLat(p: LonLat): LonLat {
  return { lon: Math.round(p.lon * 1e7) / 1e7, lat: Math.round(p.lat * 1e7) / 1e7 };
}
