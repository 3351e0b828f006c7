import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../connect.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the untyped schema */
export function geo(dialect: Dialect): Migration {
  const refType = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>) {
      // outlines uploaded for a region profile (layer 'streets': one feature per 街道), a GeoJSON
      // FeatureCollection as text; the district and city outlines ship with the code (modules/analytics/geo)
      await db.schema
        .createTable('region_geo')
        .ifNotExists()
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('layer', 'text', (c) => c.notNull())
        .addColumn('geojson', 'text', (c) => c.notNull())
        .addColumn('feature_count', 'integer', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', refType)
        .addPrimaryKeyConstraint('region_geo_pk', ['region_code', 'layer'])
        .execute();
    },
    async down() {
      throw new Error('0009_geo cannot be reverted');
    },
  };
}
