import type { Executor } from '../../db/connect.ts';

export class ReferenceRepository {
  async upsertRegion(
    tx: Executor,
    r: {
      code: string;
      name: string;
      parent_code: string | null;
      level: string;
      population: number | null;
      is_default: number;
    },
  ): Promise<void> {
    await tx
      .insertInto('region')
      .values(r)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.name, level: r.level }))
      .execute();
  }

  async upsertStreets(
    tx: Executor,
    rows: { code: string; region_code: string; name: string }[],
  ): Promise<void> {
    for (const s of rows)
      await tx
        .insertInto('street')
        .values(s)
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: s.name }))
        .execute();
  }

  async regions(tx: Executor) {
    return tx.selectFrom('region').selectAll().orderBy('code').execute();
  }

  async defaultRegion(tx: Executor) {
    return tx.selectFrom('region').selectAll().where('is_default', '=', 1).executeTakeFirst();
  }
}
