import type { Database } from '../../db/connect.ts';
import { decodeCursor, encodeCursor } from '../../db/pagination.ts';
import { RuleError } from '../../domain/errors.ts';
import {
  DEFAULT_REMINDER_SETTINGS,
  dueOccasion,
  reminderHorizon,
  validateReminderSettings,
  type ReminderChannel,
  type ReminderSettings,
} from '../../domain/lifecycle/reminders.ts';
import type { Mailer } from '../../mail/mailer.ts';
import type { Actor, AuditService } from '../audit/audit.service.ts';
import type { AuthService, PublicUser } from '../auth/auth.service.ts';
import type { LifecycleService } from '../lifecycle/lifecycle.service.ts';
import type { Access, RegistryService } from '../registry/registry.service.ts';
import { emailDigest, inAppText, type ReminderItem } from './reminder-digest.ts';
import { NotificationsRepository, type ReminderKey, type SettingRow } from './notifications.repository.ts';

type Remindable = Awaited<ReturnType<LifecycleService['remindableDeadlines']>>[number];

export interface ReminderSettingsView extends ReminderSettings {
  entityId: number;
  /** false while the entity uses the defaults */
  custom: boolean;
  updatedAt: string | null;
}

export interface ReminderRunResult {
  today: string;
  /** deadlines with an occasion due today */
  due: number;
  notifications: number;
  emails: number;
  emailFailures: number;
}

/** A claim on an e-mail older than this is taken to have died with its process and is retried. */
const STALE_CLAIM_MS = 60 * 60 * 1000;
const PAGE = 1000;

function settingsOf(r: SettingRow | undefined): ReminderSettings {
  if (!r) return { ...DEFAULT_REMINDER_SETTINGS, leadDays: [...DEFAULT_REMINDER_SETTINGS.leadDays] };
  return {
    leadDays: r.lead_days ? r.lead_days.split(',').map(Number) : [],
    graceWeekly: r.grace_weekly === 1,
    channels: (r.channels ? r.channels.split(',') : []) as ReminderChannel[],
    tracked: r.tracked === 1,
  };
}

const keyOf = (i: ReminderItem, channel: ReminderChannel, userId: number): ReminderKey => ({
  assetId: i.assetId,
  deadlineKind: i.deadlineKind,
  period: i.period,
  occasion: i.occasion.code,
  channel,
  userId,
});

/** Late fees of one run by right and patent year (computed from the right's schedule when first needed). */
type LateFees = Map<string, Promise<ReminderItem['lateFee']>>;

const itemKey = (i: Pick<ReminderItem, 'assetId' | 'deadlineKind' | 'period' | 'occasion'>): string =>
  `${i.assetId}|${i.deadlineKind}|${i.period}|${i.occasion.code}`;

/** A recipient's reminders of one run, per channel, each (item, channel) once. */
interface Batch {
  user: PublicUser;
  items: Map<string, { item: ReminderItem; channels: Set<ReminderChannel> }>;
}

/**
 * Reminders of coming and overdue deadlines (issue 4 item 4) and the in-app notifications they produce.
 * Every reminder is recorded in reminder_sent under a unique key, so it is never sent twice, across restarts.
 */
export class NotificationsService {
  private readonly repo = new NotificationsRepository();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly registry: RegistryService,
    private readonly lifecycle: LifecycleService,
    private readonly mailer: Mailer,
    private readonly publicUrl: string = process.env.ZHIHUI_PUBLIC_URL ?? 'http://127.0.0.1:8080',
  ) {}

  // ---- settings ----

  private async assertEntityAccess(actor: Actor, access: Access, entityId: number): Promise<void> {
    await this.registry.getEntity(actor, access, entityId); // 404 when there is none
    if (!access.canWriteAll && !(access.canWriteOwn && actor.entityId === entityId))
      throw new RuleError(
        'FORBIDDEN',
        "you may only see and change your own entity's reminder settings",
        [],
        403,
      );
  }

  async getSettings(actor: Actor, access: Access, entityId: number): Promise<ReminderSettingsView> {
    await this.assertEntityAccess(actor, access, entityId);
    const r = await this.repo.settings(this.database.db, entityId);
    return { entityId, custom: r !== undefined, updatedAt: r?.updated_at ?? null, ...settingsOf(r) };
  }

  async setSettings(
    actor: Actor,
    access: Access,
    entityId: number,
    s: ReminderSettings,
  ): Promise<ReminderSettingsView> {
    const errors = validateReminderSettings(s);
    if (errors.length) throw new RuleError('VALIDATION', 'The reminder settings are not valid', errors);
    await this.assertEntityAccess(actor, access, entityId);
    if (
      s.tracked !== settingsOf(await this.repo.settings(this.database.db, entityId)).tracked &&
      !access.canWriteAll
    )
      throw new RuleError(
        'FORBIDDEN',
        'only bureau staff decide which entities the bureau tracks',
        [{ field: 'tracked', reason: 'set by bureau staff' }],
        403,
      );
    const leadDays = [...s.leadDays].sort((a, b) => b - a);
    await this.database.db.transaction().execute(async (tx) => {
      await this.repo.upsertSettings(tx, {
        entity_id: entityId,
        lead_days: leadDays.join(','),
        grace_weekly: s.graceWeekly ? 1 : 0,
        channels: s.channels.join(','),
        tracked: s.tracked ? 1 : 0,
        updated_at: new Date().toISOString(),
        updated_by: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'reminders.settings',
        targetType: 'entity',
        targetId: entityId,
        detail: { ...s, leadDays },
      });
    });
    return this.getSettings(actor, access, entityId);
  }

  // ---- in-app notifications ----

  async list(actor: Actor, opts: { limit: number; cursor?: string; unread?: boolean }) {
    const userId = this.userOf(actor);
    const c = decodeCursor(opts.cursor);
    const rows = await this.repo.notifications(this.database.db, userId, opts.limit, c?.id, !!opts.unread);
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: r.created_at,
        readAt: r.read_at,
      })),
      total: await this.repo.countForUser(this.database.db, userId),
      unread: await this.repo.unreadCount(this.database.db, userId),
      nextCursor: rows.length === opts.limit && last ? encodeCursor({ v: null, id: Number(last.id) }) : null,
    };
  }

  async unreadCount(actor: Actor): Promise<{ unread: number }> {
    return { unread: await this.repo.unreadCount(this.database.db, this.userOf(actor)) };
  }

  /** Mark notifications of the caller read: the given ids (others' ids change nothing), or all. */
  async markRead(actor: Actor, ids: number[] | 'all'): Promise<{ updated: number; unread: number }> {
    const userId = this.userOf(actor);
    const updated = await this.repo.markRead(this.database.db, userId, ids, new Date().toISOString());
    return { updated, unread: await this.repo.unreadCount(this.database.db, userId) };
  }

  private userOf(actor: Actor): number {
    if (actor.id === null) throw new RuleError('UNAUTHENTICATED', 'please log in', [], 401);
    return actor.id;
  }

  // ---- the reminders run ----

  /** Send the reminders due on `today` (YYYY-MM-DD): in-app notifications and one e-mail digest per user. */
  async runReminders(today: string): Promise<ReminderRunResult> {
    const settings = new Map(
      (await this.repo.allSettings(this.database.db)).map((r) => [Number(r.entity_id), settingsOf(r)]),
    );
    const leads = [
      ...DEFAULT_REMINDER_SETTINGS.leadDays,
      ...[...settings.values()].flatMap((s) => s.leadDays),
    ];
    const horizon = reminderHorizon(today, leads);
    const users = (await this.auth.listUsers()).filter((u) => u.active);
    const staff = users.filter((u) => this.auth.can(u.role, 'lifecycle:watch'));
    const batches = new Map<number, Batch>();
    const lateFees: LateFees = new Map();
    let due = 0;
    for (let after = 0; ;) {
      const page = await this.lifecycle.remindableDeadlines(today, horizon, after, PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      for (const d of page) if (this.collect(d, today, settings, users, staff, batches)) due++;
    }
    let notifications = 0;
    let emails = 0;
    let emailFailures = 0;
    for (const b of batches.values()) {
      notifications += await this.sendInApp(b, today, lateFees);
      const r = await this.sendEmail(b, today, lateFees);
      emails += r.sent;
      emailFailures += r.failed;
    }
    return { today, due, notifications, emails, emailFailures };
  }

  /** Add a deadline's due occasion to the batches of its recipients; true when one is due. */
  private collect(
    d: Remindable,
    today: string,
    settings: Map<number, ReminderSettings>,
    users: PublicUser[],
    staff: PublicUser[],
    batches: Map<number, Batch>,
  ): boolean {
    const entities = [
      ...new Set(d.asset.owners.map((o) => o.entityId).filter((e): e is number => e !== null)),
    ];
    let any = false;
    for (const entityId of entities) {
      const s = settings.get(entityId) ?? DEFAULT_REMINDER_SETTINGS;
      const occasion = dueOccasion(d, today, s);
      if (!occasion) continue;
      any = true;
      const item: ReminderItem = {
        assetId: d.assetId,
        assetKind: d.asset.kind,
        number: d.asset.number,
        title: d.asset.title,
        owners: d.asset.owners.map((o) => o.name),
        deadlineKind: d.kind,
        period: d.period,
        dueDate: d.dueDate,
        amount: d.amount,
        reducedAmount: d.reducedAmount,
        graceEnd: d.graceEnd,
        occasion,
        lateFee: null, // filled in for the items actually sent (withLateFees)
      };
      const recipients = [
        ...users.filter((u) => u.role === 'enterprise' && u.entityId === entityId),
        ...(s.tracked ? staff : []),
      ];
      for (const u of recipients) {
        const b = batches.get(u.id) ?? { user: u, items: new Map() };
        batches.set(u.id, b);
        const k = itemKey(item);
        const entry = b.items.get(k) ?? { item, channels: new Set<ReminderChannel>() };
        for (const c of s.channels) entry.channels.add(c);
        b.items.set(k, entry);
      }
    }
    return any;
  }

  /** The late fee if the annual fee were paid today, from the right's schedule. */
  private async lateFee(
    assetId: number,
    patentYear: number,
    today: string,
  ): Promise<ReminderItem['lateFee']> {
    const system: Actor = { id: null, name: 'reminders', role: 'admin', entityId: null };
    const all: Access = { canReadPrivate: true, canWriteAll: false, canWriteOwn: false };
    const s = await this.lifecycle.schedule(system, all, assetId, today);
    const fee = s.deadlines.find((x) => x.kind === 'annual_fee' && x.patentYear === patentYear);
    return fee?.kind === 'annual_fee' ? fee.lateFeeIfPaidToday : null;
  }

  /** Fill in the late fee of annual fees in their grace period, once per right and year in a run. */
  private async withLateFees(items: ReminderItem[], today: string, memo: LateFees): Promise<ReminderItem[]> {
    for (const i of items) {
      if (i.occasion.phase !== 'grace' || i.deadlineKind !== 'annual_fee') continue;
      const k = `${i.assetId}|${i.period}`;
      if (!memo.has(k)) memo.set(k, this.lateFee(i.assetId, i.period, today));
      i.lateFee = await memo.get(k)!;
    }
    return items;
  }

  /** In-app notifications of one user: each notification and its sent-record in one transaction. */
  private async sendInApp(b: Batch, today: string, lateFees: LateFees): Promise<number> {
    const wanted = [...b.items.values()].filter((e) => e.channels.has('in_app')).map((e) => e.item);
    if (wanted.length === 0) return 0;
    const sent = await this.repo.sentKeys(
      this.database.db,
      b.user.id,
      'in_app',
      wanted.map((i) => i.assetId),
    );
    const items = await this.withLateFees(
      wanted.filter((i) => !sent.has(itemKey(i))),
      today,
      lateFees,
    );
    if (items.length === 0) return 0;
    const at = new Date().toISOString();
    return this.database.db.transaction().execute(async (tx) => {
      let n = 0;
      for (const item of items) {
        if (!(await this.repo.recordInApp(tx, keyOf(item, 'in_app', b.user.id), at))) continue;
        await this.repo.insertNotification(tx, {
          user_id: b.user.id,
          ...inAppText(item, today),
          created_at: at,
          read_at: null,
        });
        n++;
      }
      return n;
    });
  }

  /**
   * One e-mail digest of the items this run could claim for the user. Recorded as sent only once the SMTP
   * server accepted it; a failure is recorded with its reason and retried by the next run.
   */
  private async sendEmail(
    b: Batch,
    today: string,
    lateFees: LateFees,
  ): Promise<{ sent: number; failed: number }> {
    if (!b.user.email) return { sent: 0, failed: 0 };
    const wanted = [...b.items.values()].filter((e) => e.channels.has('email')).map((e) => e.item);
    if (wanted.length === 0) return { sent: 0, failed: 0 };
    const at = new Date().toISOString();
    const staleBefore = new Date(Date.now() - STALE_CLAIM_MS).toISOString();
    const claimed: ReminderItem[] = [];
    await this.database.db.transaction().execute(async (tx) => {
      for (const item of wanted)
        if (await this.repo.claimEmail(tx, keyOf(item, 'email', b.user.id), at, staleBefore))
          claimed.push(item);
    });
    if (claimed.length === 0) return { sent: 0, failed: 0 };
    const keys = claimed.map((i) => keyOf(i, 'email', b.user.id));
    await this.withLateFees(claimed, today, lateFees);
    const mail = emailDigest(b.user.displayName || b.user.username, claimed, today, this.publicUrl);
    try {
      await this.mailer.send({ to: [b.user.email], subject: mail.subject, text: mail.text });
    } catch (e) {
      const reason = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      await this.repo.settleEmail(this.database.db, keys, 'failed', reason, new Date().toISOString());
      return { sent: 0, failed: 1 };
    }
    await this.repo.settleEmail(this.database.db, keys, 'sent', null, new Date().toISOString());
    return { sent: 1, failed: 0 };
  }
}
