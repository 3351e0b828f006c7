import { apiUrl } from '../../../lib/api.ts';

/** Where the column template of a kind is downloaded (a plain link: the browser saves the attachment). */
export function templateUrl(kind: string, format: 'csv' | 'xlsx'): string {
  return apiUrl(`/import-templates/${encodeURIComponent(kind)}`, { format });
}
