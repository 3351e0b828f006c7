import type { Database } from '../../db/connect.ts';
import { isIsoDate } from '../../domain/calendar/dates.ts';
import { NotFoundError, RuleError, type FieldError } from '../../domain/errors.ts';
import type { PledgeInput, PledgeView } from '../../domain/finance/views.ts';
import type { Actor, AuditService } from '../audit/audit.service.ts';
import type { Access, RegistryService } from '../registry/registry.service.ts';
import { FinanceRepository, type PledgeRow } from './finance.repository.ts';

export type { PledgeInput, PledgeView };

const view = (r: PledgeRow): PledgeView => ({
  id: Number(r.id),
  assetId: Number(r.asset_id),
  registrationNumber: r.registration_number,
  registrationDate: r.registration_date,
  amount: Number(r.amount),
  pledgee: r.pledgee,
  pledgor: r.pledgor,
  releaseDate: r.release_date,
  isDemo: r.is_demo === 1,
});

function checkPledge(p: PledgeInput): void {
  const errors: FieldError[] = [];
  if (!p.registrationNumber.trim()) errors.push({ field: 'registrationNumber', reason: 'is empty' });
  if (!isIsoDate(p.registrationDate))
    errors.push({ field: 'registrationDate', reason: `"${p.registrationDate}" is not a date (YYYY-MM-DD)` });
  if (!(p.amount > 0) || !Number.isFinite(p.amount))
    errors.push({ field: 'amount', reason: 'the secured amount (被担保债权数额) must be more than 0 yuan' });
  else if (Math.round(p.amount * 100) !== p.amount * 100)
    errors.push({ field: 'amount', reason: 'yuan with at most 2 decimals (fen)' });
  if (!p.pledgee.trim()) errors.push({ field: 'pledgee', reason: 'is empty' });
  if (!p.pledgor.trim()) errors.push({ field: 'pledgor', reason: 'is empty' });
  if (p.releaseDate != null) {
    if (!isIsoDate(p.releaseDate))
      errors.push({ field: 'releaseDate', reason: `"${p.releaseDate}" is not a date (YYYY-MM-DD)` });
    else if (isIsoDate(p.registrationDate) && p.releaseDate < p.registrationDate)
      errors.push({ field: 'releaseDate', reason: 'is before the registration date' });
  }
  if (errors.length) throw new RuleError('VALIDATION', 'The pledge is not valid', errors);
}

/**
 * 金融: the pledge register (only the register so far). A pledge is created on registration (质权自登记时设立,
 * domain-rules §8.1); its secured amount feeds the pledge_amount indicator and the high-value pledge category.
 * Writes are audited against the asset, so the analytics tables pick the change up.
 */
export class FinanceService {
  private readonly repo = new FinanceRepository();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly registry: RegistryService,
  ) {}

  async pledgesOfAsset(actor: Actor, access: Access, assetId: number): Promise<PledgeView[]> {
    await this.registry.getAsset(actor, access, assetId); // visibility and 404
    return (await this.repo.pledgesOf(this.database.db, [assetId])).map(view);
  }

  /** Pledges of many rights (no visibility check: for the analytics computations). */
  async pledgesOf(assetIds: number[]): Promise<PledgeView[]> {
    return (await this.repo.pledgesOf(this.database.db, assetIds)).map(view);
  }

  /** Pledges registered in [from, to] with their secured amounts. */
  async registeredBetween(from: string, to: string): Promise<{ assetId: number; amount: number }[]> {
    return (await this.repo.registeredBetween(this.database.db, from, to)).map((r) => ({
      assetId: Number(r.asset_id),
      amount: Number(r.amount),
    }));
  }

  async addPledge(
    actor: Actor,
    access: Access,
    assetId: number,
    p: PledgeInput,
    opts: { demo?: boolean } = {},
  ): Promise<PledgeView> {
    checkPledge(p);
    const asset = await this.registry.getAsset(actor, access, assetId);
    if (asset.kind === 'copyright')
      throw new RuleError('VALIDATION', 'pledges are registered for patents and trademarks', [
        { field: 'assetId', reason: 'a copyright is not registered here' },
      ]);
    const now = new Date().toISOString();
    const id = await this.database.db.transaction().execute(async (tx) => {
      const id = await this.repo.insert(tx, {
        asset_id: assetId,
        registration_number: p.registrationNumber.trim(),
        registration_date: p.registrationDate,
        amount: p.amount,
        pledgee: p.pledgee.trim(),
        pledgor: p.pledgor.trim(),
        release_date: p.releaseDate ?? null,
        is_demo: opts.demo ? 1 : 0,
        created_at: now,
        created_by: actor.id,
        updated_at: now,
      });
      await this.audit.record(tx, actor, {
        action: 'finance.pledge_add',
        targetType: 'asset',
        targetId: assetId,
        detail: { pledgeId: id, ...p },
      });
      return id;
    });
    return view((await this.repo.pledge(this.database.db, id))!);
  }

  private async ownPledge(actor: Actor, access: Access, assetId: number, pledgeId: number) {
    await this.registry.getAsset(actor, access, assetId);
    const row = await this.repo.pledge(this.database.db, pledgeId);
    if (!row || Number(row.asset_id) !== assetId) throw new NotFoundError(`pledge ${pledgeId}`);
    return row;
  }

  /** Record (or clear) the release (注销) of a pledge. */
  async releasePledge(
    actor: Actor,
    access: Access,
    assetId: number,
    pledgeId: number,
    releaseDate: string | null,
  ): Promise<PledgeView> {
    const row = await this.ownPledge(actor, access, assetId, pledgeId);
    if (releaseDate !== null && !isIsoDate(releaseDate))
      throw new RuleError('VALIDATION', 'The release date is not valid', [
        { field: 'releaseDate', reason: `"${releaseDate}" is not a date (YYYY-MM-DD)` },
      ]);
    if (releaseDate !== null && releaseDate < row.registration_date)
      throw new RuleError('VALIDATION', 'The release date is not valid', [
        { field: 'releaseDate', reason: 'is before the registration date' },
      ]);
    await this.database.db.transaction().execute(async (tx) => {
      await this.repo.setRelease(tx, pledgeId, releaseDate, new Date().toISOString());
      await this.audit.record(tx, actor, {
        action: 'finance.pledge_release',
        targetType: 'asset',
        targetId: assetId,
        detail: { pledgeId, releaseDate },
      });
    });
    return view((await this.repo.pledge(this.database.db, pledgeId))!);
  }

  async deletePledge(actor: Actor, access: Access, assetId: number, pledgeId: number): Promise<void> {
    const row = await this.ownPledge(actor, access, assetId, pledgeId);
    await this.database.db.transaction().execute(async (tx) => {
      await this.repo.delete(tx, pledgeId);
      await this.audit.record(tx, actor, {
        action: 'finance.pledge_delete',
        targetType: 'asset',
        targetId: assetId,
        detail: view(row),
      });
    });
  }
}
