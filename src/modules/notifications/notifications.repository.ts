import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { NotificationTable, ReminderSettingTable } from '../../db/schema.ts';

export type SettingRow = Selectable<ReminderSettingTable>;
export type NotificationRow = Selectable<NotificationTable>;

/** The never-twice key of a reminder: one occasion of one deadline, on one channel, to one user. */
export interface ReminderKey {
  assetId: number;
  deadlineKind: string;
  period: number;
  occasion: string;
  channel: string;
  userId: number;
}

const keyValues = (k: ReminderKey) => ({
  asset_id: k.assetId,
  deadline_kind: k.deadlineKind,
  period: k.period,
  occasion: k.occasion,
  channel: k.channel,
  user_id: k.userId,
});

/** The columns of the reminder_sent unique key, in its order. */
const KEY_COLUMNS = ['asset_id', 'deadline_kind', 'period', 'occasion', 'channel', 'user_id'] as const;

/** Insert a reminder key in a first status; false when the key was there already. */
async function insertKey(
  tx: Executor,
  k: ReminderKey,
  status: 'sent' | 'sending',
  at: string,
): Promise<boolean> {
  const r = await tx
    .insertInto('reminder_sent')
    .values({ ...keyValues(k), status, error: null, created_at: at, updated_at: at })
    .onConflict((oc) => oc.columns([...KEY_COLUMNS]).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Count a user's notifications, all or only the unread. */
async function countNotifications(tx: Executor, userId: number, unreadOnly: boolean): Promise<number> {
  const r = await tx
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .$if(unreadOnly, (q) => q.where('read_at', 'is', null))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export class NotificationsRepository {
  async settings(tx: Executor, entityId: number): Promise<SettingRow | undefined> {
    return tx.selectFrom('reminder_setting').selectAll().where('entity_id', '=', entityId).executeTakeFirst();
  }

  async allSettings(tx: Executor): Promise<SettingRow[]> {
    return tx.selectFrom('reminder_setting').selectAll().execute();
  }

  async upsertSettings(tx: Executor, r: SettingRow): Promise<void> {
    const { entity_id: _id, ...rest } = r;
    await tx
      .insertInto('reminder_setting')
      .values(r)
      .onConflict((oc) => oc.column('entity_id').doUpdateSet(rest))
      .execute();
  }

  /** Keys (asset|kind|period|occasion) already sent to a user on a channel, among the given rights. */
  async sentKeys(tx: Executor, userId: number, channel: string, assetIds: number[]): Promise<Set<string>> {
    const out = new Set<string>();
    const ids = [...new Set(assetIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await tx
        .selectFrom('reminder_sent')
        .select(['asset_id', 'deadline_kind', 'period', 'occasion'])
        .where('user_id', '=', userId)
        .where('channel', '=', channel)
        .where('status', '=', 'sent')
        .where('asset_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.add(`${Number(r.asset_id)}|${r.deadline_kind}|${r.period}|${r.occasion}`);
    }
    return out;
  }

  /** Record an in-app reminder as sent; false when it was sent before (the unique key holds). */
  async recordInApp(tx: Executor, k: ReminderKey, at: string): Promise<boolean> {
    return insertKey(tx, k, 'sent', at);
  }

  /**
   * Claim an e-mail reminder for this run: a new key, or one whose earlier attempt failed (or whose claim
   * went stale, the process having died before it recorded the outcome). False when it was sent already
   * or another run holds it.
   */
  async claimEmail(tx: Executor, k: ReminderKey, at: string, staleBefore: string): Promise<boolean> {
    if (await insertKey(tx, k, 'sending', at)) return true;
    const retried = await tx
      .updateTable('reminder_sent')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: at }))
      .where((eb) => eb.and(keyValues(k)))
      .where((eb) =>
        eb.or([
          eb('status', '=', 'failed'),
          eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', staleBefore)]),
        ]),
      )
      .returning('id')
      .executeTakeFirst();
    return retried !== undefined;
  }

  /** The outcome of an e-mail: sent (the SMTP server accepted it) or failed with the reason. */
  async settleEmail(
    tx: Executor,
    keys: ReminderKey[],
    status: 'sent' | 'failed',
    error: string | null,
    at: string,
  ): Promise<void> {
    for (const k of keys)
      await tx
        .updateTable('reminder_sent')
        .set({ status, error, updated_at: at })
        .where((eb) => eb.and(keyValues(k)))
        .execute();
  }

  async insertNotification(tx: Executor, n: Insertable<NotificationTable>): Promise<number> {
    const r = await tx.insertInto('notification').values(n).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async notifications(
    tx: Executor,
    userId: number,
    limit: number,
    beforeId: number | undefined,
    unreadOnly: boolean,
  ): Promise<NotificationRow[]> {
    return tx
      .selectFrom('notification')
      .selectAll()
      .where('user_id', '=', userId)
      .$if(beforeId !== undefined, (q) => q.where('id', '<', beforeId!))
      .$if(unreadOnly, (q) => q.where('read_at', 'is', null))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async unreadCount(tx: Executor, userId: number): Promise<number> {
    return countNotifications(tx, userId, true);
  }

  async countForUser(tx: Executor, userId: number): Promise<number> {
    return countNotifications(tx, userId, false);
  }

  /** Mark the user's notifications read (the given ones, or all); returns how many changed. */
  async markRead(tx: Executor, userId: number, ids: number[] | 'all', at: string): Promise<number> {
    const r = await tx
      .updateTable('notification')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .$if(ids !== 'all', (q) => q.where('id', 'in', (ids as number[]).length ? (ids as number[]) : [-1]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
