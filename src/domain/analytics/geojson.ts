/**
 * Checking uploaded street (街道) outlines (RFC 7946 GeoJSON): a FeatureCollection of Polygon / MultiPolygon
 * features, each naming or coding one street of the region profile, each street at most once.
 */
import type { FieldError } from '../errors.ts';

type Position = [number, number, ...number[]];
type Ring = Position[];
export interface Geometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: Ring[] | Ring[][];
}
export interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: Geometry;
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}
export interface StreetFeature extends Feature {
  properties: { code: string; name: string };
}

export const MAX_FEATURES = 500;
const MAX_ERRORS = 50;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function ringProblem(ring: unknown): string | undefined {
  if (!Array.isArray(ring) || ring.length < 4) return 'a linear ring needs at least 4 positions';
  for (const [i, p] of ring.entries()) {
    if (!Array.isArray(p) || p.length < 2 || !p.every((x) => typeof x === 'number' && Number.isFinite(x)))
      return `position ${i} is not [longitude, latitude]`;
    const [lon, lat] = p as number[];
    if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90)
      return `position ${i} [${lon}, ${lat}] is off the globe`;
  }
  const a = ring[0] as number[];
  const b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) return 'the ring is not closed (first and last positions differ)';
  return undefined;
}

function polygonProblem(poly: unknown): string | undefined {
  if (!Array.isArray(poly) || poly.length === 0) return 'a polygon is a non-empty list of rings';
  for (const [i, ring] of poly.entries()) {
    const p = ringProblem(ring);
    if (p) return `ring ${i}: ${p}`;
  }
  return undefined;
}

function geometryProblem(g: unknown): string | undefined {
  if (!isObject(g)) return 'is missing';
  if (g.type === 'Polygon') return polygonProblem(g.coordinates);
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return 'a MultiPolygon needs polygons';
    for (const [i, poly] of g.coordinates.entries()) {
      const p = polygonProblem(poly);
      if (p) return `polygon ${i}: ${p}`;
    }
    return undefined;
  }
  return `type "${String(g.type)}" is not Polygon or MultiPolygon`;
}

/** The street a feature's properties point at: `code` (the 9-digit street code) or `name` (with or without 街道). */
function streetOf(
  props: Record<string, unknown>,
  streets: ReadonlyMap<string, string>,
  at: string,
  errors: FieldError[],
): string | undefined {
  const code = props.code ?? props.adcode;
  const name = typeof props.name === 'string' ? props.name.trim() : undefined;
  const byName = name
    ? [...streets].find(
        ([, n]) => n === name || n === `${name}街道` || n.replace(/(街道|镇)$/, '') === name,
      )?.[0]
    : undefined;
  if (code !== undefined && code !== null && code !== '') {
    const c = String(code);
    if (!streets.has(c)) {
      errors.push({ field: `${at}.properties.code`, reason: `"${c}" is not a street code of this region` });
      return undefined;
    }
    if (name && byName !== c) {
      errors.push({
        field: `${at}.properties.name`,
        reason: `"${name}" is not the name of street ${c} (${streets.get(c)})`,
      });
      return undefined;
    }
    return c;
  }
  if (!name) {
    errors.push({
      field: `${at}.properties`,
      reason: 'names no street: give properties.code or properties.name',
    });
    return undefined;
  }
  if (!byName)
    errors.push({
      field: `${at}.properties.name`,
      reason: `"${name}" is not a street (街道) of this region`,
    });
  return byName;
}

/** Check an uploaded FeatureCollection against the streets (code → name) of a region profile. */
export function validateStreetOutlines(
  body: unknown,
  streets: ReadonlyMap<string, string>,
):
  | { ok: true; value: { type: 'FeatureCollection'; features: StreetFeature[] } }
  | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!isObject(body) || body.type !== 'FeatureCollection')
    return { ok: false, errors: [{ field: 'type', reason: 'must be a GeoJSON FeatureCollection' }] };
  if (!Array.isArray(body.features) || body.features.length === 0)
    return { ok: false, errors: [{ field: 'features', reason: 'must be a non-empty list of features' }] };
  if (body.features.length > MAX_FEATURES)
    return { ok: false, errors: [{ field: 'features', reason: `at most ${MAX_FEATURES} features` }] };
  const seen = new Map<string, number>();
  const out: StreetFeature[] = [];
  for (const [i, f] of (body.features as unknown[]).entries()) {
    if (errors.length >= MAX_ERRORS) break;
    const at = `features[${i}]`;
    if (!isObject(f) || f.type !== 'Feature') {
      errors.push({ field: at, reason: 'is not a GeoJSON Feature' });
      continue;
    }
    const g = geometryProblem(f.geometry);
    if (g) errors.push({ field: `${at}.geometry`, reason: g });
    const code = streetOf(isObject(f.properties) ? f.properties : {}, streets, at, errors);
    if (code === undefined || g) continue;
    if (seen.has(code)) {
      errors.push({
        field: at,
        reason: `street ${code} (${streets.get(code)}) is already outlined by features[${seen.get(code)}]`,
      });
      continue;
    }
    seen.set(code, i);
    out.push({
      type: 'Feature',
      properties: { code, name: streets.get(code)! },
      geometry: f.geometry as Geometry,
    });
  }
  return errors.length
    ? { ok: false, errors }
    : { ok: true, value: { type: 'FeatureCollection', features: out } };
}
