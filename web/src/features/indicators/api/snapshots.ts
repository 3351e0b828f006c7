import { request } from '../../../lib/api.ts';
import type { Snapshot, SnapshotCompare } from '../types.ts';

export function getSnapshots(
  q: { region: string; street?: string },
  signal?: AbortSignal,
): Promise<{ items: Snapshot[] }> {
  return request('/analytics/snapshots', { query: q, signal });
}

/** Freeze a period: version 1, or a correction (reason required) that supersedes the last version. */
export function createSnapshot(b: {
  region: string;
  street?: string | null;
  period: string;
  reason?: string | null;
}): Promise<Snapshot> {
  return request('/analytics/snapshots', { method: 'POST', body: b });
}

export function publishSnapshot(id: number): Promise<Snapshot> {
  return request(`/analytics/snapshots/${id}/publish`, { method: 'POST' });
}

export function compareSnapshots(a: number, b: number, signal?: AbortSignal): Promise<SnapshotCompare> {
  return request(`/analytics/snapshots/${a}/compare/${b}`, { signal });
}
