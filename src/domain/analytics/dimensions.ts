/** What the dashboards count and by what (docs/analytics.md, part B): one list for the server and the web app. */

/** The dimensions a measure can be broken down by. */
export const DIMS = [
  'street',
  'industry',
  'ipc_section',
  'ipc_class',
  'ipc_subclass',
  'wipo_field',
  'sub_type',
  'filing_year',
  'grant_year',
  'entity',
] as const;
export type Dim = (typeof DIMS)[number];

/** Filings and grants in a period; valid and high-value rights on a day. */
export const MEASURES = ['filings', 'grants', 'valid', 'high_value'] as const;
export type Measure = (typeof MEASURES)[number];
