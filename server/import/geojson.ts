import { lonLatProblem, roundLonLat } from './coordinates.ts';
import { pointsAlongLine } from './line-points.ts';
import { splitStreetType } from './street-types.ts';
import type { LonLat, ParsedStreetFile, StreetGeometry } from './street-file.ts';

const NAME_PROPERTIES = ['name', 'odonimo', 'nome', 'denominazione'];
const CODE_PROPERTIES = ['progressivo_nazionale', 'codice', 'id'];

type Json = unknown;

/**
 * Street geometry from GeoJSON (an OpenStreetMap export, a municipal GIS layer). Lines become
 * points along the street, points stay points. The features of one street (OpenStreetMap cuts a
 * street into many ways) are merged, so that a re-import replaces the street's whole geometry.
 */
export function parseGeoJson(text: string): ParsedStreetFile {
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw new Error(`The file starts like JSON but is not valid JSON: ${(err as Error).message}`);
  }
  const features = featuresOf(root);
  checkCoordinateSystem(root);

  const parsed: ParsedStreetFile = {
    format: 'geojson',
    rows: features.length,
    streets: [],
    civics: [],
    civicKeysWithoutPosition: [],
    geometries: [],
    skipped: [],
  };
  const byStreet = new Map<string, StreetGeometry & { seen: Set<string> }>();

  features.forEach((feature, i) => {
    const line = i + 1;
    const result = readFeature(feature);
    if (typeof result === 'string') {
      parsed.skipped.push({ line, reason: `feature ${line}: ${result}` });
      return;
    }
    const { fullName, type, baseName, nationalCode, points } = result;
    const nameKey = `name:${slug(fullName)}`;
    const key = nationalCode !== undefined ? `code:${nationalCode}` : nameKey;
    let street = byStreet.get(key);
    if (!street) {
      street = { line, nationalCode, nameKey, fullName, type, baseName, points: [], seen: new Set() };
      byStreet.set(key, street);
    }
    // Ways of one street share their end vertices; a point stored twice is noise.
    for (const p of points) {
      const id = `${p.lon},${p.lat}`;
      if (street.seen.has(id)) continue;
      street.seen.add(id);
      street.points.push(p);
    }
  });
  parsed.geometries = [...byStreet.values()].map(({ seen: _seen, ...geometry }) => geometry);
  return parsed;
}

function featuresOf(root: Json): Json[] {
  if (isObject(root) && root.type === 'FeatureCollection' && Array.isArray(root.features)) return root.features;
  if (isObject(root) && root.type === 'Feature') return [root];
  throw new Error('The JSON file is not GeoJSON: expected a FeatureCollection of streets (lines or points with a name)');
}

/** GeoJSON is longitude/latitude by definition, but GIS tools still write projected files with a "crs" member. */
function checkCoordinateSystem(root: Json): void {
  if (!isObject(root) || !isObject(root.crs) || !isObject(root.crs.properties)) return;
  const name = String(root.crs.properties.name ?? '');
  if (name && !/CRS84|4326/i.test(name)) {
    throw new Error(
      `The GeoJSON file uses the coordinate system ${name}: export it again in WGS84 longitude/latitude (EPSG:4326)`,
    );
  }
}

interface FeatureStreet {
  fullName: string;
  type: string;
  baseName: string;
  nationalCode?: string;
  points: LonLat[];
}

function readFeature(feature: Json): FeatureStreet | string {
  if (!isObject(feature) || feature.type !== 'Feature') return 'not a GeoJSON Feature';
  const properties = lowerCaseKeys(isObject(feature.properties) ? feature.properties : {});

  const dug = text(properties.dug);
  const duf = text(properties.duf);
  const fullName = duf ? [dug, duf].filter(Boolean).join(' ') : NAME_PROPERTIES.map((k) => text(properties[k])).find(Boolean);
  if (!fullName) return `no street name (expected a property ${NAME_PROPERTIES.join(', ')})`;
  const { type, baseName } = duf ? { type: dug.toUpperCase(), baseName: duf } : splitStreetType(fullName);
  const nationalCode = CODE_PROPERTIES.map((k) => text(properties[k])).find(Boolean);

  const points = geometryPoints(feature.geometry);
  if (typeof points === 'string') return `${fullName}: ${points}`;
  return { fullName, type, baseName, nationalCode, points };
}

function geometryPoints(geometry: Json): LonLat[] | string {
  if (!isObject(geometry)) return 'no geometry';
  const c = geometry.coordinates;
  switch (geometry.type) {
    case 'Point':
      return positions([c]);
    case 'MultiPoint':
      return positions(c);
    case 'LineString':
      return lines([c]);
    case 'MultiLineString':
      return lines(c);
    // A square is often drawn as an area: its outline is where its addresses are.
    case 'Polygon':
      return lines(c);
    case 'MultiPolygon':
      return Array.isArray(c) ? lines(c.flat()) : 'malformed coordinates';
    case 'GeometryCollection': {
      if (!Array.isArray(geometry.geometries)) return 'malformed GeometryCollection';
      const all: LonLat[] = [];
      for (const part of geometry.geometries) {
        const points = geometryPoints(part);
        if (typeof points === 'string') return points;
        all.push(...points);
      }
      return all;
    }
    default:
      return `geometry type ${String(geometry.type)} is not supported (LineString, MultiLineString, Point, Polygon)`;
  }
}

function lines(coordinates: Json): LonLat[] | string {
  if (!Array.isArray(coordinates)) return 'malformed coordinates';
  const all: LonLat[] = [];
  for (const line of coordinates) {
    const vertices = positions(line);
    if (typeof vertices === 'string') return vertices;
    all.push(...pointsAlongLine(vertices));
  }
  return all;
}

function positions(coordinates: Json): LonLat[] | string {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'malformed coordinates';
  const result: LonLat[] = [];
  for (const position of coordinates) {
    if (!Array.isArray(position) || typeof position[0] !== 'number' || typeof position[1] !== 'number') {
      return `malformed position ${JSON.stringify(position)}`;
    }
    const [lon, lat] = position;
    const problem = lonLatProblem(lon, lat);
    if (problem) return problem;
    result.push(roundLonLat({ lon, lat }));
  }
  return result;
}

function isObject(value: Json): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerCaseKeys(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
}

function text(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

/** "Via dell'Orto" → "via-dell-orto": accents, case and punctuation folded like the database's fold_text. */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
