import { request } from '../../../lib/api.ts';
import type { ReminderSettings, ReminderSettingsView } from '../types.ts';

export function getReminderSettings(entityId: number, signal?: AbortSignal): Promise<ReminderSettingsView> {
  return request<ReminderSettingsView>(`/entities/${entityId}/reminder-settings`, { signal });
}

export function putReminderSettings(entityId: number, s: ReminderSettings): Promise<ReminderSettingsView> {
  return request<ReminderSettingsView>(`/entities/${entityId}/reminder-settings`, { method: 'PUT', body: s });
}
