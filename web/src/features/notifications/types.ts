export interface Notification {
  id: number;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  total: number;
  unread: number;
  nextCursor: string | null;
}

export type ReminderChannel = 'email' | 'in_app';

export interface ReminderSettings {
  leadDays: number[];
  graceWeekly: boolean;
  channels: ReminderChannel[];
  tracked: boolean;
}

export interface ReminderSettingsView extends ReminderSettings {
  entityId: number;
  custom: boolean;
  updatedAt: string | null;
}
