/**
 * Saved searches: a user's named, parsed-and-valid queries; how many records are new since the last visit; the
 * daily e-mail digest of the subscribed ones.
 *
 * "New" is defined by asset id: every asset gets a larger id than all before it and enters the index in the
 * transaction that inserts it, so the records that entered after a moment are the matching assets whose id is
 * above the highest id at that moment. A saved search keeps that mark for the last visit (`seen_asset_id`, set
 * when the search is opened) and for the digest (`digest_asset_id` when subscribing, then the `up_to_asset_id`
 * of the last digest sent). An asset that is only updated is not new.
 */
import type { Database } from '../../db/connect.ts';
import { chinaDay, digestMail, type DigestRecord, type DigestSection } from '../../domain/search/digest.ts';
import { ConflictError, NotFoundError, RuleError } from '../../domain/errors.ts';
import type { SavedSearchView } from '../../domain/saved-search/views.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { SYSTEM_ACTOR, type Actor, type AuditService } from '../audit/audit.service.ts';
import type { AuthService, PublicUser } from '../auth/auth.service.ts';
import type { Access } from '../registry/registry.service.ts';
import { SearchRepository, type SavedSearchRow, type SubscribedRow } from './search.repository.ts';
import type { SearchService } from './search.service.ts';

export type { SavedSearchView };

export interface SavedSearchInput {
  name?: string;
  query?: string;
  subscribed?: boolean;
}

export interface DigestReport {
  day: string;
  /** e-mails sent */
  sent: number;
  /** users with subscriptions but no e-mail address */
  skippedNoEmail: number;
  /** users whose digest for the day was already sent (a restart, another instance) */
  alreadySent: number;
  /** users whose subscribed searches have nothing new today (recorded, no e-mail) */
  nothingNew: number;
  /** users whose e-mail could not be sent (their digest stays unsent, the next run tries again) */
  failed: { userId: number; reason: string }[];
  /** false when no SMTP server is configured: nothing is sent or recorded */
  mailEnabled: boolean;
}

const NAME_MAX = 100;
const QUERY_MAX = 1000;
/** records listed per search in a digest */
const DIGEST_RECORDS = 5;

function validName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (n === '' || n.length > NAME_MAX)
    throw new RuleError('VALIDATION', 'a saved search needs a name', [
      { field: 'name', reason: `1 to ${NAME_MAX} characters` },
    ]);
  return n;
}

function validQueryText(query: unknown): string {
  if (typeof query !== 'string' || query.length > QUERY_MAX)
    throw new RuleError('VALIDATION', 'the query is missing or too long', [
      { field: 'query', reason: `text of at most ${QUERY_MAX} characters` },
    ]);
  return query.trim();
}

function view(r: SavedSearchRow, newCount: number): SavedSearchView {
  return {
    id: Number(r.id),
    name: r.name,
    query: r.query,
    subscribed: r.subscribed === 1,
    newCount,
    lastVisitedAt: r.last_visited_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function recordNumber(a: {
  applicationNumber: string | null;
  publicationNumber: string | null;
  registrationNumber: string | null;
}): string {
  return a.applicationNumber ?? a.publicationNumber ?? a.registrationNumber ?? '';
}

export class SavedSearches {
  private readonly repo = new SearchRepository();

  constructor(
    private readonly database: Database,
    private readonly search: SearchService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  private get db() {
    return this.database.db;
  }

  private userOf(actor: Actor): number {
    if (actor.id === null) throw new RuleError('UNAUTHENTICATED', 'please log in to save searches', [], 401);
    return actor.id;
  }

  /** The actor's own saved search, else 404 (another user's is not revealed). */
  private async own(actor: Actor, id: number): Promise<SavedSearchRow> {
    const r = await this.repo.getSaved(this.db, id);
    if (!r || Number(r.user_id) !== this.userOf(actor)) throw new NotFoundError(`saved search ${id}`);
    return r;
  }

  private async checkName(userId: number, name: string, exceptId = 0): Promise<void> {
    if (await this.repo.nameTaken(this.db, userId, name, exceptId))
      throw new ConflictError(`you already have a saved search named "${name}"`, [
        { field: 'name', reason: 'already used by another of your saved searches' },
      ]);
  }

  /** Matching records of a saved query with an id above `after`. */
  private async newSince(actor: Actor, access: Access, query: string, after: number): Promise<number> {
    const r = await this.search.find(actor, access, this.search.parseToSave(query), {
      limit: 1,
      facets: [],
      afterAssetId: after,
    });
    return r.total;
  }

  async create(actor: Actor, input: SavedSearchInput): Promise<SavedSearchView> {
    const userId = this.userOf(actor);
    const name = validName(input.name);
    const query = validQueryText(input.query);
    this.search.parseToSave(query);
    await this.checkName(userId, name);
    const mark = await this.search.highestAssetId();
    const now = new Date().toISOString();
    const id = await this.db.transaction().execute(async (tx) => {
      const newId = await this.repo.insertSaved(tx, {
        user_id: userId,
        name,
        query,
        subscribed: input.subscribed ? 1 : 0,
        seen_asset_id: mark,
        digest_asset_id: mark,
        last_visited_at: now,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(tx, actor, {
        action: 'search.save',
        targetType: 'saved_search',
        targetId: newId,
        detail: { name, query, subscribed: !!input.subscribed },
      });
      return newId;
    });
    return view((await this.repo.getSaved(this.db, id))!, 0);
  }

  /** The actor's saved searches, by name, each with its count of records new since the last visit. */
  async list(actor: Actor, access: Access): Promise<SavedSearchView[]> {
    const rows = await this.repo.savedOf(this.db, this.userOf(actor));
    const out: SavedSearchView[] = [];
    for (const r of rows)
      out.push(view(r, await this.newSince(actor, access, r.query, Number(r.seen_asset_id))));
    return out;
  }

  /** Open a saved search: its count of new records, then the visit moves the "seen" mark to now. */
  async open(actor: Actor, access: Access, id: number): Promise<SavedSearchView> {
    const r = await this.own(actor, id);
    const newCount = await this.newSince(actor, access, r.query, Number(r.seen_asset_id));
    const mark = await this.search.highestAssetId();
    const now = new Date().toISOString();
    await this.repo.updateSaved(this.db, Number(r.id), { seen_asset_id: mark, last_visited_at: now });
    return view({ ...r, seen_asset_id: mark, last_visited_at: now }, newCount);
  }

  /** Rename, change the query, subscribe or unsubscribe. Subscribing starts the digest from now. */
  async update(actor: Actor, access: Access, id: number, input: SavedSearchInput): Promise<SavedSearchView> {
    const r = await this.own(actor, id);
    const patch: Partial<SavedSearchRow> = { updated_at: new Date().toISOString() };
    if (input.name !== undefined) {
      patch.name = validName(input.name);
      await this.checkName(Number(r.user_id), patch.name, Number(r.id));
    }
    if (input.query !== undefined) {
      patch.query = validQueryText(input.query);
      this.search.parseToSave(patch.query);
    }
    if (input.subscribed !== undefined) {
      patch.subscribed = input.subscribed ? 1 : 0;
      if (input.subscribed && r.subscribed !== 1) patch.digest_asset_id = await this.search.highestAssetId();
    }
    await this.db.transaction().execute(async (tx) => {
      await this.repo.updateSaved(tx, Number(r.id), patch);
      await this.audit.record(tx, actor, {
        action: 'search.save_update',
        targetType: 'saved_search',
        targetId: Number(r.id),
        detail: { name: input.name, query: input.query, subscribed: input.subscribed },
      });
    });
    const updated = { ...r, ...patch };
    return view(updated, await this.newSince(actor, access, updated.query, Number(updated.seen_asset_id)));
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const r = await this.own(actor, id);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.deleteSaved(tx, Number(r.id));
      await this.audit.record(tx, actor, {
        action: 'search.save_delete',
        targetType: 'saved_search',
        targetId: Number(r.id),
        detail: { name: r.name, query: r.query },
      });
    });
  }

  // ---------------------------------------------------------------- daily digest

  private actorOf(u: PublicUser): { actor: Actor; access: Access } {
    return {
      actor: { id: u.id, name: u.username, role: u.role, entityId: u.entityId },
      access: {
        canReadPrivate: this.auth.can(u.role, 'registry:read_private'),
        canWriteAll: false,
        canWriteOwn: false,
      },
    };
  }

  /** One search's part of a digest: records in (digest_from, upTo] the user may see, newest first. */
  private async section(
    actor: Actor,
    access: Access,
    s: SubscribedRow,
    upTo: number,
  ): Promise<DigestSection> {
    const r = await this.search.find(actor, access, this.search.parseToSave(s.query), {
      limit: DIGEST_RECORDS,
      sort: 'newest',
      facets: [],
      afterAssetId: s.digest_from,
      upToAssetId: upTo,
    });
    const views = await this.search.views(actor, access, r.ids);
    const records: DigestRecord[] = views.map((a) => ({
      number: recordNumber(a),
      title: a.title ?? '',
      applicants: a.owners.map((o) => o.name),
    }));
    return { name: s.name, query: s.query, newCount: r.total, records };
  }

  /** Record the day's digest of each search not yet recorded; returns the ids recorded by this run. */
  private async claim(
    u: PublicUser,
    day: string,
    parts: { s: SubscribedRow; sec: DigestSection }[],
    upTo: number,
  ) {
    return this.db.transaction().execute(async (tx) => {
      const claimed: number[] = [];
      for (const { s, sec } of parts)
        if (
          await this.repo.claimDigest(tx, {
            saved_search_id: Number(s.id),
            day,
            new_count: sec.newCount,
            up_to_asset_id: upTo,
            sent_at: new Date().toISOString(),
          })
        )
          claimed.push(Number(s.id));
      if (claimed.length)
        await this.audit.record(tx, SYSTEM_ACTOR, {
          action: 'search.digest',
          targetType: 'user',
          targetId: u.id,
          detail: { day, savedSearches: claimed, upToAssetId: upTo },
        });
      return claimed;
    });
  }

  private async release(u: PublicUser, day: string, ids: number[], reason: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await this.repo.releaseDigests(tx, ids, day);
      await this.audit.record(tx, SYSTEM_ACTOR, {
        action: 'search.digest_failed',
        targetType: 'user',
        targetId: u.id,
        detail: { day, savedSearches: ids, reason },
      });
    });
  }

  /**
   * Send the day's digest (the day of `now` in China Standard Time): one e-mail per active user with an e-mail
   * address, listing each subscribed search with its count of new records and the first of them. Each search's
   * digest is recorded once per day (UNIQUE saved search × day) before the mail goes out, so a second run —
   * after a restart, or on another instance — sends nothing again; a failed send removes the record so that the
   * next run retries. Users without e-mail are skipped; a day with nothing new is recorded without an e-mail.
   */
  async sendDigests(now: Date): Promise<DigestReport> {
    const day = chinaDay(now);
    const report: DigestReport = {
      day,
      sent: 0,
      skippedNoEmail: 0,
      alreadySent: 0,
      nothingNew: 0,
      failed: [],
      mailEnabled: this.mailer.enabled,
    };
    if (!this.mailer.enabled) return report;
    const users = new Map((await this.auth.listUsers()).map((u) => [u.id, u]));
    const byUser = new Map<number, SubscribedRow[]>();
    for (const s of await this.repo.subscribed(this.db)) {
      const list = byUser.get(Number(s.user_id)) ?? [];
      list.push(s);
      byUser.set(Number(s.user_id), list);
    }
    const upTo = await this.search.highestAssetId();
    for (const [userId, searches] of byUser) {
      const u = users.get(userId);
      if (!u?.active) continue;
      if (!u.email) {
        report.skippedNoEmail++;
        continue;
      }
      await this.digestOf(u, u.email, day, searches, upTo, report);
    }
    return report;
  }

  private async digestOf(
    u: PublicUser,
    email: string,
    day: string,
    searches: SubscribedRow[],
    upTo: number,
    report: DigestReport,
  ): Promise<void> {
    const { actor, access } = this.actorOf(u);
    const parts: { s: SubscribedRow; sec: DigestSection }[] = [];
    for (const s of searches) parts.push({ s, sec: await this.section(actor, access, s, upTo) });
    const claimed = await this.claim(u, day, parts, upTo);
    if (claimed.length === 0) {
      report.alreadySent++;
      return;
    }
    const sections = parts.filter((p) => claimed.includes(Number(p.s.id))).map((p) => p.sec);
    if (sections.every((s) => s.newCount === 0)) {
      report.nothingNew++;
      return;
    }
    try {
      await this.mailer.send({ to: [email], ...digestMail(u.displayName, day, sections) });
      report.sent++;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      await this.release(u, day, claimed, reason);
      report.failed.push({ userId: u.id, reason });
    }
  }
}
