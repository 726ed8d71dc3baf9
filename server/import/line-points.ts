import { metersPerDegreeLat, metersPerDegreeLon } from '../services/streets.ts';
import { roundLonLat } from './coordinates.ts';
import type { LonLat } from './street-file.ts';

/** Spacing of the points placed along a street line. */
export const POINT_SPACING_METERS = 25;

/**
 * The vertices of a line plus points about every 25 m between them. "Nearest street" compares a
 * place with stored points only, so a long straight segment drawn with two vertices would otherwise
 * be invisible in its middle.
 */
export function pointsAlongLine(line: LonLat[], spacingMeters = POINT_SPACING_METERS): LonLat[] {
  const points: LonLat[] = [];
  line.forEach((vertex, i) => {
    if (i > 0) {
      const from = line[i - 1];
      const midLat = (from.lat + vertex.lat) / 2;
      const meters = Math.hypot(
        (vertex.lon - from.lon) * metersPerDegreeLon(midLat),
        (vertex.lat - from.lat) * metersPerDegreeLat,
      );
      const steps = Math.ceil(meters / spacingMeters);
      for (let k = 1; k < steps; k++) {
        const t = k / steps;
        points.push(roundLonLat({ lon: from.lon + (vertex.lon - from.lon) * t, lat: from.lat + (vertex.lat - from.lat) * t }));
      }
    }
    points.push(roundLonLat(vertex));
  });
  return points;
}
