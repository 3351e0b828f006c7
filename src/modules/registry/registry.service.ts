import { createHash } from 'node:crypto';
import type { Database, Executor } from '../../db/connect.ts';
import { createSearchIndex, type SearchIndex } from '../../db/search/search-index.ts';
import { decodeCursor, nextCursorOf, parseSort, type Page } from '../../db/pagination.ts';
import { ConflictError, NotFoundError, RuleError, type FieldError } from '../../domain/errors.ts';
import { deriveStatus } from '../../domain/lifecycle/status.ts';
import {
  expiryDate,
  termCompensationDaysOf,
  termCompensationDaysOfJson,
} from '../../domain/lifecycle/term.ts';
import { normalizeEntityName } from '../../domain/names.ts';
import type { CanonicalRecord } from '../../domain/records/canonical.ts';
import { isValidDate, normalizeRecord, type NormalizedAsset } from '../../domain/records/normalize.ts';
import { checkCnApplicationNumber } from '../../domain/ids/cn-appno.ts';
import { checkCnPublicationNumber } from '../../domain/ids/cn-pubno.ts';
import { checkTrademarkRegNumber } from '../../domain/ids/tm-regno.ts';
import { checkCopyrightRegNumber } from '../../domain/ids/cr-regno.ts';
import {
  entityInputFromRow,
  validateEntity,
  type EntityInput,
  type ValidEntity,
} from '../../domain/registry/entity.ts';
import type { CanonicalEntity } from '../../domain/records/canonical.ts';
import type { AuditService, Actor } from '../audit/audit.service.ts';
import {
  RegistryRepository,
  type AssetFilter,
  type AssetInsert,
  type AssetRow,
  type EntityFilter,
  type EntityRow,
} from './registry.repository.ts';

export interface Access {
  canReadPrivate: boolean;
  canWriteAll: boolean;
  canWriteOwn: boolean;
}

export interface EntityView {
  id: number;
  uscc: string | null;
  name: string;
  formerNames: string[];
  kind: string;
  industry: string | null;
  streetCode: string | null;
  regionCode: string | null;
  address: string | null;
  flags: string[];
  foundedDate: string | null;
  legalRepresentative: string | null;
  isDemo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  assetCount?: number;
  /** private fields: only for bureau staff and the entity's own users */
  contactName?: string | null;
  contactPhone?: string | null;
  notes?: string | null;
}

export interface OwnerView {
  seq: number;
  name: string;
  uscc: string | null;
  entityId: number | null;
  entityName: string | null;
  share: number | null;
}

export interface AssetView {
  id: number;
  kind: string;
  office: string;
  subType: string | null;
  applicationNumber: string | null;
  registrationNumber: string | null;
  publicationNumber: string | null;
  title: string | null;
  abstract: string | null;
  filingDate: string | null;
  publicationDate: string | null;
  grantDate: string | null;
  registrationDate: string | null;
  ipc: string[];
  niceClasses: number[];
  details: Record<string, unknown>;
  status: string;
  expiryDate: string | null;
  confidential: boolean;
  source: string | null;
  isDemo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  owners: OwnerView[];
  events?: { code: string; date: string; note: string | null }[];
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  rejects: { index: number; field?: string; reason: string }[];
  /** ids of the assets inserted or updated (upsertRecords), for the deadline recompute */
  changedIds?: number[];
}

const ENTITY_SORTS = ['id', 'name', 'uscc', 'createdAt', 'updatedAt'] as const;
const ENTITY_SORT_COLUMNS: Record<(typeof ENTITY_SORTS)[number], string> = {
  id: 'id',
  name: 'name',
  uscc: 'uscc',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const ASSET_SORTS = [
  'id',
  'filingDate',
  'publicationDate',
  'grantDate',
  'registrationDate',
  'title',
  'applicationNumber',
  'updatedAt',
] as const;
const ASSET_SORT_COLUMNS: Record<(typeof ASSET_SORTS)[number], string> = {
  id: 'id',
  filingDate: 'filing_date',
  publicationDate: 'publication_date',
  grantDate: 'grant_date',
  registrationDate: 'registration_date',
  title: 'title',
  applicationNumber: 'app_key',
  updatedAt: 'updated_at',
};

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Expiry and status of a right from its dates and events only (DESIGN §3): the term rules give the last
 * day (trademark renewals recorded as TM_RENEW extend it; recorded 专利权期限补偿 days move an invention's),
 * the events give the legal status.
 */
function lifecycleState(a: {
  kind: string;
  office: string;
  subType: string | null;
  filingDate: string | null;
  grantDate: string | null;
  registrationDate: string | null;
  granted: boolean;
  termCompensationDays: number;
  events: readonly { code: string; date: string }[];
}): { expiry: string | null; status: string } {
  const renewals = a.events.filter((e) => e.code === 'TM_RENEW').length;
  const expiry = expiryDate({ ...a, renewals }) ?? null;
  const status = deriveStatus(
    {
      kind: a.kind as 'patent' | 'trademark' | 'copyright',
      grantDate: a.grantDate,
      granted: a.granted,
      registrationDate: a.registrationDate,
      expiryDate: expiry,
      events: a.events,
    },
    today(),
  );
  return { expiry, status };
}

/** What is stored to recognise an unchanged re-import: SHA-1 of the record's canonical JSON. */
function contentHash(a: NormalizedAsset): string {
  return createHash('sha1').update(a.contentKey).digest('hex');
}

function parseJson<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

export class RegistryService {
  private readonly repo: RegistryRepository;
  /** the search index (db/search), kept in step with every asset write in the same transaction */
  readonly search: SearchIndex;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {
    this.repo = new RegistryRepository(database);
    this.search = createSearchIndex(database);
  }

  private get db() {
    return this.database.db;
  }

  // ---------- views ----------

  private entityView(r: EntityRow & { asset_count?: number }, showPrivate: boolean): EntityView {
    const v: EntityView = {
      id: Number(r.id),
      uscc: r.uscc,
      name: r.name,
      formerNames: parseJson<string[]>(r.former_names, []),
      kind: r.kind,
      industry: r.industry,
      streetCode: r.street_code,
      regionCode: r.region_code,
      address: r.address,
      flags: parseJson<string[]>(r.flags, []),
      foundedDate: r.founded_date,
      legalRepresentative: r.legal_representative,
      isDemo: r.is_demo === 1,
      version: Number(r.version),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
    if (r.asset_count !== undefined) v.assetCount = r.asset_count;
    if (showPrivate) {
      v.contactName = r.contact_name;
      v.contactPhone = r.contact_phone;
      v.notes = r.notes;
    }
    return v;
  }

  private assetView(r: AssetRow, owners: OwnerView[]): AssetView {
    return {
      id: Number(r.id),
      kind: r.kind,
      office: r.office,
      subType: r.sub_type,
      applicationNumber: r.application_number,
      registrationNumber: r.registration_number,
      publicationNumber: r.publication_number,
      title: r.title,
      abstract: r.abstract,
      filingDate: r.filing_date,
      publicationDate: r.publication_date,
      grantDate: r.grant_date,
      registrationDate: r.registration_date,
      ipc: parseJson<string[]>(r.ipc, []),
      niceClasses: parseJson<number[]>(r.nice_classes, []),
      details: parseJson<Record<string, unknown>>(r.details, {}),
      status: r.status,
      expiryDate: r.expiry_date,
      confidential: r.confidential === 1,
      source: r.source,
      isDemo: r.is_demo === 1,
      version: Number(r.version),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      owners,
    };
  }

  private canSeePrivateOf(actor: Actor, access: Access, entityId: number): boolean {
    return access.canReadPrivate || (actor.entityId !== null && actor.entityId === entityId);
  }

  // ---------- entities ----------

  private entityColumns(v: ValidEntity) {
    return {
      uscc: v.uscc,
      name: v.name,
      name_norm: v.nameNorm,
      former_names: JSON.stringify(v.formerNames),
      kind: v.kind,
      industry: v.industry,
      street_code: v.streetCode,
      region_code: v.streetCode ? v.streetCode.slice(0, 6) : null,
      address: v.address,
      flags: JSON.stringify(v.flags),
      founded_date: v.foundedDate,
      legal_representative: v.legalRepresentative,
      contact_name: v.contactName,
      contact_phone: v.contactPhone,
      notes: v.notes,
    };
  }

  async listEntities(
    actor: Actor,
    access: Access,
    f: EntityFilter & { sort?: string; cursor?: string; limit?: number },
  ): Promise<Page<EntityView>> {
    const s = parseSort(f.sort, ENTITY_SORTS, 'id');
    const sort = { column: ENTITY_SORT_COLUMNS[s.key], desc: s.desc };
    const limit = f.limit ?? 50;
    const { rows, total } = await this.repo.listEntities(this.db, f, sort, decodeCursor(f.cursor), limit);
    const items = rows.map((r) => this.entityView(r, this.canSeePrivateOf(actor, access, Number(r.id))));
    return { items, total, nextCursor: nextCursorOf(rows, limit, sort.column) };
  }

  async getEntity(actor: Actor, access: Access, id: number) {
    const r = await this.repo.getEntity(this.db, id);
    if (!r) throw new NotFoundError(`entity ${id}`);
    const summary = await this.repo.entityAssetSummary(this.db, id);
    return {
      ...this.entityView(r, this.canSeePrivateOf(actor, access, id)),
      portfolio: summary.map((s) => ({ kind: s.kind, subType: s.sub_type, status: s.status, count: s.n })),
    };
  }

  private async checkStreet(tx: Executor, code: string | null, errors: FieldError[]): Promise<void> {
    if (code && !(await this.repo.streetExists(tx, code)))
      errors.push({ field: 'streetCode', reason: `"${code}" is not a street of any region profile` });
  }

  async createEntity(
    actor: Actor,
    input: EntityInput,
    opts: { isDemo?: boolean; tx?: Executor } = {},
  ): Promise<EntityView> {
    const v = validateEntity(input);
    if (!v.ok) throw new RuleError('VALIDATION', 'The entity is not valid', v.errors);
    const run = async (tx: Executor) => {
      const errors: FieldError[] = [];
      await this.checkStreet(tx, v.value.streetCode, errors);
      if (errors.length) throw new RuleError('VALIDATION', 'The entity is not valid', errors);
      if (v.value.uscc) {
        const dup = await this.repo.findEntityByUscc(tx, v.value.uscc);
        if (dup)
          throw new ConflictError(`an entity with USCC ${v.value.uscc} already exists (id ${dup.id})`, [
            { field: 'uscc', reason: `already registered as entity ${dup.id} ${dup.name}` },
          ]);
      }
      const now = new Date().toISOString();
      const id = await this.repo.insertEntity(tx, {
        ...this.entityColumns(v.value),
        is_demo: opts.isDemo ? 1 : 0,
        created_at: now,
        created_by: actor.id,
        updated_at: now,
        updated_by: actor.id,
      });
      const names = [v.value.nameNorm, ...v.value.formerNames.map(normalizeEntityName)];
      await this.repo.setEntityNames(tx, id, names);
      let linked = 0;
      if (v.value.uscc) linked += await this.repo.linkOwnersByUscc(tx, v.value.uscc, id);
      for (const n of new Set(names)) linked += await this.linkIfUnambiguous(tx, n, id);
      await this.audit.record(tx, actor, {
        action: 'entity.create',
        targetType: 'entity',
        targetId: id,
        detail: { uscc: v.value.uscc, name: v.value.name, linkedOwners: linked },
      });
      return this.entityView((await this.repo.getEntity(tx, id))!, true);
    };
    return opts.tx ? run(opts.tx) : this.db.transaction().execute(run);
  }

  /** Link unmatched owners with this name only when no other entity carries the same name. */
  private async linkIfUnambiguous(tx: Executor, nameNorm: string, entityId: number): Promise<number> {
    const m = await this.repo.entitiesByNames(tx, [nameNorm]);
    const ids = m.get(nameNorm) ?? [];
    if (ids.length !== 1 || ids[0] !== entityId) return 0;
    return this.repo.linkOwnersToEntity(tx, nameNorm, entityId);
  }

  private assertCanWriteEntity(actor: Actor, access: Access, entityId: number): void {
    if (access.canWriteAll) return;
    if (access.canWriteOwn && actor.entityId === entityId) return;
    throw new RuleError('FORBIDDEN', 'you may only change your own entity', [], 403);
  }

  async updateEntity(
    actor: Actor,
    access: Access,
    id: number,
    patch: Partial<EntityInput>,
    expectedVersion?: number,
  ): Promise<EntityView> {
    this.assertCanWriteEntity(actor, access, id);
    return this.db.transaction().execute(async (tx) => {
      const cur = await this.repo.getEntity(tx, id);
      if (!cur) throw new NotFoundError(`entity ${id}`);
      if (expectedVersion !== undefined && expectedVersion !== Number(cur.version))
        throw new ConflictError(
          `entity ${id} was changed by someone else (version ${cur.version}, you had ${expectedVersion})`,
        );
      // An enterprise user may not change the identity of its own entity.
      if (
        !access.canWriteAll &&
        (patch.uscc !== undefined || patch.kind !== undefined || patch.flags !== undefined)
      )
        throw new RuleError(
          'FORBIDDEN',
          'only bureau staff may change the USCC, kind or flags',
          [
            {
              field: patch.uscc !== undefined ? 'uscc' : patch.kind !== undefined ? 'kind' : 'flags',
              reason: 'not yours to change',
            },
          ],
          403,
        );
      const merged: EntityInput = {
        uscc: patch.uscc !== undefined ? patch.uscc : cur.uscc,
        name: patch.name ?? cur.name,
        formerNames: patch.formerNames ?? parseJson<string[]>(cur.former_names, []),
        kind: patch.kind ?? cur.kind,
        industry: patch.industry !== undefined ? patch.industry : cur.industry,
        streetCode: patch.streetCode !== undefined ? patch.streetCode : cur.street_code,
        address: patch.address !== undefined ? patch.address : cur.address,
        flags: patch.flags ?? parseJson<string[]>(cur.flags, []),
        foundedDate: patch.foundedDate !== undefined ? patch.foundedDate : cur.founded_date,
        legalRepresentative:
          patch.legalRepresentative !== undefined ? patch.legalRepresentative : cur.legal_representative,
        contactName: patch.contactName !== undefined ? patch.contactName : cur.contact_name,
        contactPhone: patch.contactPhone !== undefined ? patch.contactPhone : cur.contact_phone,
        notes: patch.notes !== undefined ? patch.notes : cur.notes,
      };
      // A renamed entity keeps its old name as a former name, so published names still match.
      if (patch.name && patch.name.trim() !== cur.name && !merged.formerNames!.includes(cur.name))
        merged.formerNames = [...merged.formerNames!, cur.name];
      const v = validateEntity(merged);
      if (!v.ok) throw new RuleError('VALIDATION', 'The entity is not valid', v.errors);
      const errors: FieldError[] = [];
      await this.checkStreet(tx, v.value.streetCode, errors);
      if (errors.length) throw new RuleError('VALIDATION', 'The entity is not valid', errors);
      if (v.value.uscc && v.value.uscc !== cur.uscc) {
        const dup = await this.repo.findEntityByUscc(tx, v.value.uscc);
        if (dup)
          throw new ConflictError(`USCC ${v.value.uscc} belongs to entity ${dup.id}`, [
            { field: 'uscc', reason: 'already registered' },
          ]);
      }
      await this.repo.updateEntity(tx, id, {
        ...this.entityColumns(v.value),
        region_code: v.value.streetCode ? v.value.streetCode.slice(0, 6) : cur.region_code,
        updated_at: new Date().toISOString(),
        updated_by: actor.id,
      });
      const names = [v.value.nameNorm, ...v.value.formerNames.map(normalizeEntityName)];
      await this.repo.setEntityNames(tx, id, names);
      if (v.value.uscc) await this.repo.linkOwnersByUscc(tx, v.value.uscc, id);
      for (const n of new Set(names)) await this.linkIfUnambiguous(tx, n, id);
      await this.audit.record(tx, actor, {
        action: 'entity.update',
        targetType: 'entity',
        targetId: id,
        detail: { changed: Object.keys(patch) },
      });
      return this.entityView((await this.repo.getEntity(tx, id))!, true);
    });
  }

  async deleteEntity(actor: Actor, id: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const cur = await this.repo.getEntity(tx, id);
      if (!cur) throw new NotFoundError(`entity ${id}`);
      await this.repo.deleteEntity(tx, id);
      await this.audit.record(tx, actor, {
        action: 'entity.delete',
        targetType: 'entity',
        targetId: id,
        detail: { uscc: cur.uscc, name: cur.name },
      });
    });
  }

  // ---------- assets ----------

  private async ownerViews(tx: Executor, ids: number[]): Promise<Map<number, OwnerView[]>> {
    const m = new Map<number, OwnerView[]>();
    for (const o of await this.repo.ownersOf(tx, ids)) {
      const list = m.get(Number(o.asset_id)) ?? [];
      list.push({
        seq: o.seq,
        name: o.name,
        uscc: o.uscc,
        entityId: o.entity_id === null ? null : Number(o.entity_id),
        entityName: o.entity_name,
        share: o.share,
      });
      m.set(Number(o.asset_id), list);
    }
    return m;
  }

  async listAssets(
    actor: Actor,
    access: Access,
    f: AssetFilter & { sort?: string; cursor?: string; limit?: number },
  ): Promise<Page<AssetView>> {
    const s = parseSort(f.sort, ASSET_SORTS, 'id');
    const sort = { column: ASSET_SORT_COLUMNS[s.key], desc: s.desc };
    const limit = f.limit ?? 50;
    const filter: AssetFilter = {
      ...f,
      confidentialVisibleTo: access.canReadPrivate ? undefined : actor.entityId,
    };
    const { rows, total } = await this.repo.listAssets(this.db, filter, sort, decodeCursor(f.cursor), limit);
    const owners = await this.ownerViews(
      this.db,
      rows.map((r) => Number(r.id)),
    );
    const items = rows.map((r) => this.assetView(r, owners.get(Number(r.id)) ?? []));
    return { items, total, nextCursor: nextCursorOf(rows, limit, sort.column) };
  }

  /** Asset views for ids (search hits), in the order given; ids not visible to the caller are dropped. */
  async assetsByIds(actor: Actor, access: Access, ids: number[]): Promise<AssetView[]> {
    if (ids.length === 0) return [];
    const rows = await this.repo.assetsByIds(this.db, ids);
    const owners = await this.ownerViews(
      this.db,
      rows.map((r) => Number(r.id)),
    );
    const byId = new Map(rows.map((r) => [Number(r.id), this.assetView(r, owners.get(Number(r.id)) ?? [])]));
    return ids
      .map((id) => byId.get(id))
      .filter((a): a is AssetView => !!a)
      .filter(
        (a) =>
          !a.confidential ||
          access.canReadPrivate ||
          a.owners.some((o) => o.entityId !== null && o.entityId === actor.entityId),
      );
  }

  async getAsset(actor: Actor, access: Access, id: number): Promise<AssetView> {
    const r = await this.repo.getAsset(this.db, id);
    if (!r) throw new NotFoundError(`asset ${id}`);
    const owners = (await this.ownerViews(this.db, [id])).get(id) ?? [];
    if (
      r.confidential === 1 &&
      !access.canReadPrivate &&
      !owners.some((o) => o.entityId !== null && o.entityId === actor.entityId)
    )
      throw new NotFoundError(`asset ${id}`);
    const events = await this.repo.eventsOf(this.db, id);
    return {
      ...this.assetView(r, owners),
      events: events.map((e) => ({ code: e.code, date: e.date, note: e.note })),
    };
  }

  /** Create one asset by hand; the record goes through the same rules as an import. */
  async createAsset(
    actor: Actor,
    access: Access,
    record: CanonicalRecord,
    confidential = false,
  ): Promise<AssetView> {
    const n = normalizeRecord(record);
    if (!n.ok) throw new RuleError('VALIDATION', 'The record is not valid', n.errors);
    const id = await this.db.transaction().execute(async (tx) => {
      const existing = await this.repo.findAssetsByKeys(tx, [n.asset]);
      const dup = existing.find((e) => e.office === n.asset.office && e.kind === n.asset.kind);
      if (dup)
        throw new ConflictError(`this ${n.asset.kind} is already registered (asset ${dup.id})`, [
          {
            field: n.asset.kind === 'patent' ? 'applicationNumber' : 'registrationNumber',
            reason: `already registered as asset ${dup.id}`,
          },
        ]);
      const owners = await this.resolveOwners(tx, [n.asset]);
      if (
        !access.canWriteAll &&
        !owners[0]!.some((o) => o.entity_id !== null && o.entity_id === actor.entityId)
      )
        throw new RuleError(
          'FORBIDDEN',
          'you may only register rights your own entity holds',
          [{ field: 'applicants', reason: 'none of the applicants is your entity' }],
          403,
        );
      const now = new Date().toISOString();
      const [assetId] = await this.repo.insertAssets(tx, [
        this.assetRow(n.asset, actor, now, { confidential }),
      ]);
      await this.repo.insertOwners(
        tx,
        owners[0]!.map((o) => ({ ...o, asset_id: assetId! })),
      );
      await this.repo.insertEvents(
        tx,
        n.asset.events.map((e) => ({ ...e, asset_id: assetId! })),
      );
      await this.search.refresh(tx, [assetId!]);
      await this.audit.record(tx, actor, {
        action: 'asset.create',
        targetType: 'asset',
        targetId: assetId,
        detail: { kind: n.asset.kind, appKey: n.asset.appKey, pubKey: n.asset.pubKey },
      });
      return assetId!;
    });
    return this.getAsset(actor, { ...access, canReadPrivate: true }, id);
  }

  async updateAsset(
    actor: Actor,
    access: Access,
    id: number,
    record: CanonicalRecord,
    opts: { confidential?: boolean; expectedVersion?: number } = {},
  ): Promise<AssetView> {
    const n = normalizeRecord(record);
    if (!n.ok) throw new RuleError('VALIDATION', 'The record is not valid', n.errors);
    await this.db.transaction().execute(async (tx) => {
      const cur = await this.repo.getAsset(tx, id);
      if (!cur) throw new NotFoundError(`asset ${id}`);
      if (!access.canWriteAll) {
        const holders = await this.repo.entityIdsOfAsset(tx, id);
        if (actor.entityId === null || !holders.includes(actor.entityId))
          throw new RuleError('FORBIDDEN', 'you may only change rights your own entity holds', [], 403);
      }
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== Number(cur.version))
        throw new ConflictError(
          `asset ${id} was changed by someone else (version ${cur.version}, you had ${opts.expectedVersion})`,
        );
      const clash = (await this.repo.findAssetsByKeys(tx, [n.asset])).find(
        (e) => Number(e.id) !== id && e.office === n.asset.office && e.kind === n.asset.kind,
      );
      if (clash)
        throw new ConflictError(`the number belongs to asset ${clash.id}`, [
          { field: 'applicationNumber', reason: `already registered as asset ${clash.id}` },
        ]);
      const owners = await this.resolveOwners(tx, [n.asset]);
      const now = new Date().toISOString();
      const row = this.assetRow(n.asset, actor, now, {
        confidential: opts.confidential ?? cur.confidential === 1,
        isDemo: cur.is_demo === 1,
      });
      const { created_at: _c, created_by: _b, ...patch } = row;
      await this.repo.updateAsset(tx, id, patch);
      await this.repo.replaceOwners(tx, id, owners[0]!);
      await this.repo.replaceEvents(tx, id, n.asset.events);
      await this.search.refresh(tx, [id]);
      await this.audit.record(tx, actor, {
        action: 'asset.update',
        targetType: 'asset',
        targetId: id,
        detail: { appKey: n.asset.appKey },
      });
    });
    return this.getAsset(actor, { ...access, canReadPrivate: true }, id);
  }

  async deleteAsset(actor: Actor, id: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const cur = await this.repo.getAsset(tx, id);
      if (!cur) throw new NotFoundError(`asset ${id}`);
      await this.repo.deleteAsset(tx, id);
      await this.audit.record(tx, actor, {
        action: 'asset.delete',
        targetType: 'asset',
        targetId: id,
        detail: { kind: cur.kind, appKey: cur.app_key, pubKey: cur.pub_key },
      });
    });
  }

  private assetRow(
    a: NormalizedAsset,
    actor: Actor,
    now: string,
    o: { confidential?: boolean; isDemo?: boolean },
  ): AssetInsert {
    const { expiry, status } = lifecycleState({
      ...a,
      granted: a.details.granted === true,
      termCompensationDays: termCompensationDaysOf(a.details),
    });
    return {
      kind: a.kind,
      office: a.office,
      sub_type: a.subType,
      app_key: a.appKey,
      pub_key: a.pubKey,
      application_number: a.applicationNumber,
      registration_number: a.registrationNumber,
      publication_number: a.publicationNumber,
      title: a.title,
      abstract: a.abstract,
      filing_date: a.filingDate,
      publication_date: a.publicationDate,
      grant_date: a.grantDate,
      registration_date: a.registrationDate,
      ipc: JSON.stringify(a.ipc),
      ipc_main: a.ipc[0] ?? null,
      nice_classes: JSON.stringify(a.niceClasses),
      details: JSON.stringify(a.details),
      status,
      expiry_date: expiry,
      confidential: o.confidential ? 1 : 0,
      content_hash: contentHash(a),
      source: a.source,
      is_demo: o.isDemo ? 1 : 0,
      created_at: now,
      created_by: actor.id,
      updated_at: now,
      updated_by: actor.id,
    };
  }

  /** Owner rows for each asset, matched to entities by USCC, else by unambiguous normalised (former) name. */
  private async resolveOwners(tx: Executor, assets: NormalizedAsset[]) {
    const usccs = [
      ...new Set(assets.flatMap((a) => a.owners.map((o) => o.uscc)).filter((u): u is string => !!u)),
    ];
    const names = [...new Set(assets.flatMap((a) => a.owners.map((o) => o.nameNorm)))];
    const byUscc = usccs.length ? await this.repo.entitiesByUsccs(tx, usccs) : new Map<string, number>();
    const byName = names.length ? await this.repo.entitiesByNames(tx, names) : new Map<string, number[]>();
    return assets.map((a) =>
      a.owners.map((o, i) => {
        let entityId: number | null = null;
        if (o.uscc && byUscc.has(o.uscc)) entityId = byUscc.get(o.uscc)!;
        else {
          const ids = byName.get(o.nameNorm);
          if (ids && ids.length === 1) entityId = ids[0]!;
        }
        return {
          seq: i + 1,
          name: o.name,
          name_norm: o.nameNorm,
          uscc: o.uscc,
          entity_id: entityId,
          share: o.share,
        };
      }),
    );
  }

  /**
   * Insert or update a batch of canonical records in the caller's transaction (imports).
   * Identity: same office and kind, and the same application/registration key, else the same
   * publication key. A record whose stored content is identical is counted unchanged and not written.
   */
  async upsertRecords(
    tx: Executor,
    actor: Actor,
    records: CanonicalRecord[],
    opts: { isDemo?: boolean; jobId?: number } = {},
  ): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0, rejects: [] };
    const good: { index: number; asset: NormalizedAsset }[] = [];
    records.forEach((r, index) => {
      let n: ReturnType<typeof normalizeRecord>;
      try {
        n = normalizeRecord(r);
      } catch (e) {
        // a rule that throws on odd input must not sink the whole batch: reject this record only
        n = { ok: false, errors: [{ field: 'record', reason: e instanceof Error ? e.message : String(e) }] };
      }
      if (!n.ok) {
        const first = n.errors[0]!;
        result.rejects.push({
          index,
          field: first.field,
          reason: n.errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        });
      } else good.push({ index, asset: n.asset });
    });
    if (good.length === 0) return result;

    const keyOf = (office: string, kind: string, k: string) => `${office}|${kind}|${k}`;
    const existing = await this.repo.findAssetsByKeys(
      tx,
      good.map((g) => g.asset),
    );
    const byApp = new Map<string, (typeof existing)[number]>();
    const byPub = new Map<string, (typeof existing)[number]>();
    for (const e of existing) {
      if (e.app_key) byApp.set(keyOf(e.office, e.kind, e.app_key), e);
      if (e.pub_key) byPub.set(keyOf(e.office, e.kind, e.pub_key), e);
    }
    const owners = await this.resolveOwners(
      tx,
      good.map((g) => g.asset),
    );
    const now = new Date().toISOString();
    const toInsert: { row: AssetInsert; g: (typeof good)[number]; owners: (typeof owners)[number] }[] = [];
    const seenInBatch = new Map<string, (typeof good)[number]>();
    const changedIds: number[] = [];
    for (let i = 0; i < good.length; i++) {
      const g = good[i]!;
      const a = g.asset;
      const appK = a.appKey ? keyOf(a.office, a.kind, a.appKey) : undefined;
      const pubK = a.pubKey ? keyOf(a.office, a.kind, a.pubKey) : undefined;
      const batchDup = (appK && seenInBatch.get(appK)) || (pubK && seenInBatch.get(pubK));
      if (batchDup) {
        if (batchDup.asset.contentKey === a.contentKey) result.unchanged++;
        else
          result.rejects.push({
            index: g.index,
            field: a.appKey ? 'applicationNumber' : 'publicationNumber',
            reason: `the same right appears earlier in this import (record ${batchDup.index + 1}) with different content`,
          });
        continue;
      }
      if (appK) seenInBatch.set(appK, g);
      if (pubK) seenInBatch.set(pubK, g);
      const cur = (appK && byApp.get(appK)) || (pubK && byPub.get(pubK)) || undefined;
      if (cur && cur.app_key && a.appKey && cur.app_key !== a.appKey) {
        result.rejects.push({
          index: g.index,
          field: 'applicationNumber',
          reason: `publication ${a.publicationNumber} is registered under application ${cur.app_key}, not ${a.appKey}`,
        });
        continue;
      }
      if (!cur) {
        toInsert.push({ row: this.assetRow(a, actor, now, { isDemo: opts.isDemo }), g, owners: owners[i]! });
        continue;
      }
      if (cur.content_hash === contentHash(a)) {
        result.unchanged++;
        continue;
      }
      const row = this.assetRow(a, actor, now, { isDemo: opts.isDemo });
      const { created_at: _c, created_by: _b, confidential: _x, ...patch } = row;
      // Keep a key already known (an application number) when the update only carries the other.
      if (!a.appKey) delete (patch as Partial<AssetInsert>).app_key;
      if (!a.pubKey) delete (patch as Partial<AssetInsert>).pub_key;
      await this.repo.updateAsset(tx, Number(cur.id), patch);
      await this.repo.replaceOwners(tx, Number(cur.id), owners[i]!);
      await this.repo.replaceEvents(tx, Number(cur.id), a.events);
      changedIds.push(Number(cur.id));
      result.updated++;
    }
    if (toInsert.length) {
      const ids = await this.repo.insertAssets(
        tx,
        toInsert.map((t) => t.row),
      );
      await this.repo.insertOwners(
        tx,
        toInsert.flatMap((t, i) => t.owners.map((o) => ({ ...o, asset_id: ids[i]! }))),
      );
      await this.repo.insertEvents(
        tx,
        toInsert.flatMap((t, i) => t.g.asset.events.map((e) => ({ ...e, asset_id: ids[i]! }))),
      );
      result.inserted += ids.length;
      changedIds.push(...ids);
    }
    result.changedIds = changedIds;
    // the search index moves with the data, in the same transaction
    if (changedIds.length) await this.search.refresh(tx, changedIds);
    if (result.inserted || result.updated)
      await this.audit.record(tx, actor, {
        action: 'asset.import',
        targetType: 'import_job',
        targetId: opts.jobId ?? null,
        detail: {
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: result.rejects.length,
        },
      });
    return result;
  }

  /**
   * Insert or update entities from an entity list in the caller's transaction (imports). Identity is
   * the USCC; a row equal to what is stored counts unchanged. Flags other than high_tech are kept.
   */
  async upsertEntities(
    tx: Executor,
    actor: Actor,
    rows: CanonicalEntity[],
    opts: { isDemo?: boolean } = {},
  ): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0, rejects: [] };
    const streets = new Map<string, string>();
    for (const st of await this.repo.streets(tx)) {
      streets.set(st.name, st.code);
      streets.set(st.code, st.code);
    }
    const seen = new Set<string>();
    for (const [index, row] of rows.entries()) {
      const mapped = entityInputFromRow(row, streets);
      const v = mapped.ok ? validateEntity(mapped.input) : mapped;
      if (!v.ok) {
        result.rejects.push({
          index,
          field: v.errors[0]!.field,
          reason: v.errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        });
        continue;
      }
      const uscc = v.value.uscc!;
      if (seen.has(uscc)) {
        result.rejects.push({ index, field: 'uscc', reason: `USCC ${uscc} appears earlier in this import` });
        continue;
      }
      seen.add(uscc);
      const cur = await this.repo.findEntityByUscc(tx, uscc);
      const now = new Date().toISOString();
      const names = [v.value.nameNorm, ...v.value.formerNames.map(normalizeEntityName)];
      if (!cur) {
        const id = await this.repo.insertEntity(tx, {
          ...this.entityColumns(v.value),
          is_demo: opts.isDemo ? 1 : 0,
          created_at: now,
          created_by: actor.id,
          updated_at: now,
          updated_by: actor.id,
        });
        await this.repo.setEntityNames(tx, id, names);
        await this.repo.linkOwnersByUscc(tx, uscc, id);
        for (const n of new Set(names)) await this.linkIfUnambiguous(tx, n, id);
        result.inserted++;
        continue;
      }
      const keptFlags = parseJson<string[]>(cur.flags, []).filter((f) => f !== 'high_tech');
      const cols = this.entityColumns({
        ...v.value,
        flags: [...keptFlags, ...v.value.flags] as ValidEntity['flags'],
        contactName: cur.contact_name,
        contactPhone: cur.contact_phone,
        notes: cur.notes,
      });
      const changed = (Object.keys(cols) as (keyof typeof cols)[]).filter((k) => cols[k] !== cur[k]);
      if (changed.length === 0) {
        result.unchanged++;
        continue;
      }
      await this.repo.updateEntity(tx, Number(cur.id), { ...cols, updated_at: now, updated_by: actor.id });
      await this.repo.setEntityNames(tx, Number(cur.id), names);
      for (const n of new Set(names)) await this.linkIfUnambiguous(tx, n, Number(cur.id));
      result.updated++;
    }
    if (result.inserted || result.updated)
      await this.audit.record(tx, actor, {
        action: 'entity.import',
        targetType: 'entity',
        detail: {
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: result.rejects.length,
        },
      });
    return result;
  }

  // ---------- events and status ----------

  /** Record a legal-status event (late or corrected ones too) and re-derive the status from all events. */
  async addEvent(
    actor: Actor,
    access: Access,
    assetId: number,
    e: { code: string; date: string; note?: string | null },
  ) {
    const errors: FieldError[] = [];
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/.test(e.code))
      errors.push({ field: 'code', reason: `"${e.code}" is not an event code` });
    if (!isValidDate(e.date))
      errors.push({ field: 'date', reason: `"${e.date}" is not a valid date (YYYY-MM-DD)` });
    if (errors.length) throw new RuleError('VALIDATION', 'The event is not valid', errors);
    await this.db.transaction().execute(async (tx) => {
      await this.assertCanWriteAsset(tx, actor, access, assetId);
      await this.repo.insertEvents(tx, [
        { asset_id: assetId, code: e.code, date: e.date, note: e.note ?? null },
      ]);
      const status = await this.refreshStatus(tx, assetId);
      await this.audit.record(tx, actor, {
        action: 'asset.event_add',
        targetType: 'asset',
        targetId: assetId,
        detail: { ...e, status },
      });
    });
    return this.getAsset(actor, access, assetId);
  }

  async deleteEvent(actor: Actor, access: Access, assetId: number, eventId: number) {
    await this.db.transaction().execute(async (tx) => {
      await this.assertCanWriteAsset(tx, actor, access, assetId);
      if ((await this.repo.deleteEvent(tx, assetId, eventId)) === 0)
        throw new NotFoundError(`event ${eventId} of asset ${assetId}`);
      const status = await this.refreshStatus(tx, assetId);
      await this.audit.record(tx, actor, {
        action: 'asset.event_delete',
        targetType: 'asset',
        targetId: assetId,
        detail: { eventId, status },
      });
    });
    return this.getAsset(actor, access, assetId);
  }

  /** Refuse (403) unless the caller may change this right: bureau staff, or a user of an entity that holds it. */
  async assertCanWriteAsset(
    tx: Executor | undefined,
    actor: Actor,
    access: Access,
    assetId: number,
  ): Promise<void> {
    tx ??= this.db;
    if (!(await this.repo.getAsset(tx, assetId))) throw new NotFoundError(`asset ${assetId}`);
    if (access.canWriteAll) return;
    const holders = await this.repo.entityIdsOfAsset(tx, assetId);
    if (actor.entityId === null || !holders.includes(actor.entityId))
      throw new RuleError('FORBIDDEN', 'you may only change rights your own entity holds', [], 403);
  }

  private async refreshStatus(tx: Executor, assetId: number): Promise<string> {
    const a = (await this.repo.getAsset(tx, assetId))!;
    const events = await this.repo.eventsOf(tx, assetId);
    const details = parseJson<Record<string, unknown>>(a.details, {});
    const { expiry, status } = lifecycleState({
      kind: a.kind,
      office: a.office,
      subType: a.sub_type,
      filingDate: a.filing_date,
      grantDate: a.grant_date,
      registrationDate: a.registration_date,
      granted: details.granted === true,
      termCompensationDays: termCompensationDaysOf(details),
      events,
    });
    if (status !== a.status || expiry !== a.expiry_date)
      await this.repo.setStatus(tx, assetId, status, expiry);
    return status;
  }

  /** Assets (and their events) in id order, for the lifecycle rules; `ids` limits the scan. */
  async lifecycleInputs(afterId: number, limit: number, ids?: number[]) {
    const rows = await this.repo.scanAssets(this.db, afterId, limit, ids);
    const events = await this.repo.eventsOfMany(
      this.db,
      rows.map((r) => Number(r.id)),
    );
    const byAsset = new Map<number, { code: string; date: string }[]>();
    for (const e of events) {
      const list = byAsset.get(Number(e.asset_id)) ?? [];
      list.push({ code: e.code, date: e.date });
      byAsset.set(Number(e.asset_id), list);
    }
    return rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      office: r.office,
      subType: r.sub_type,
      filingDate: r.filing_date,
      grantDate: r.grant_date,
      registrationDate: r.registration_date,
      termCompensationDays: termCompensationDaysOfJson(r.details),
      events: byAsset.get(Number(r.id)) ?? [],
    }));
  }

  async entityIdByUscc(uscc: string, tx: Executor = this.db): Promise<number | undefined> {
    const e = await this.repo.findEntityByUscc(tx, uscc);
    return e ? Number(e.id) : undefined;
  }

  async assetIdsOfEntity(entityId: number): Promise<number[]> {
    return this.repo.assetIdsOfEntity(this.db, entityId);
  }

  /** Asset ids for a number in any written form (application, publication or registration number). */
  async idsByNumber(number: string): Promise<number[]> {
    const keys = new Set<string>([number.trim().toUpperCase()]);
    const app = checkCnApplicationNumber(number, { allowMissingCheck: true });
    if (app.ok) keys.add(app.value);
    const pub = checkCnPublicationNumber(number);
    if (pub.ok) keys.add(`CN${pub.serial}`);
    const tm = checkTrademarkRegNumber(number);
    if (tm.ok) keys.add(tm.value);
    const cr = checkCopyrightRegNumber(number);
    if (cr.ok) keys.add(cr.value);
    return this.repo.idsByKeys(this.db, [...keys]);
  }

  // ---------- name matching ----------

  async unmatchedNames(q: string | undefined, limit: number, offset: number) {
    const r = await this.repo.unmatchedNames(this.db, q, limit, offset);
    return {
      items: r.rows.map((x) => ({ nameNorm: x.name_norm, name: x.name, assets: x.assets })),
      total: r.total,
    };
  }

  /** A person decides that a published name is this entity: link every owner row with that name, and remember it as a former name. */
  async resolveName(actor: Actor, nameNorm: string, entityId: number): Promise<{ linked: number }> {
    return this.db.transaction().execute(async (tx) => {
      const e = await this.repo.getEntity(tx, entityId);
      if (!e)
        throw new RuleError('VALIDATION', 'no such entity', [
          { field: 'entityId', reason: `entity ${entityId} does not exist` },
        ]);
      const linked = await this.repo.linkOwnersToEntity(tx, nameNorm, entityId);
      if (linked === 0)
        throw new RuleError('VALIDATION', 'nothing to link', [
          { field: 'nameNorm', reason: 'no unmatched applicant has this name' },
        ]);
      const names = (await this.repo.entitiesByNames(tx, [nameNorm])).get(nameNorm) ?? [];
      if (!names.includes(entityId)) {
        const current = await this.repo.namesOfEntity(tx, entityId);
        await this.repo.setEntityNames(tx, entityId, [...current, nameNorm]);
      }
      await this.audit.record(tx, actor, {
        action: 'entity.resolve_name',
        targetType: 'entity',
        targetId: entityId,
        detail: { nameNorm, linked },
      });
      return { linked };
    });
  }

  async streets(regionCode?: string) {
    return (await this.repo.streets(this.db, regionCode)).map((s) => ({
      code: s.code,
      name: s.name,
      regionCode: s.region_code,
    }));
  }
}
