/**
 * Roles of DESIGN §1 and their default rights. These are seed data: the database's role and
 * role_permission tables are the truth at run time, and an administrator may change them.
 */
export const PERMISSIONS = [
  'registry:read', // entities and IP assets, public fields
  'registry:read_private', // private fields of every entity (contacts, notes, confidential assets)
  'registry:write', // create/update any entity or asset
  'registry:write_own', // create/update own entity and its assets (enterprise users)
  'registry:delete',
  'registry:resolve', // link unmatched applicant names to entities
  'import:run',
  'import:read',
  'audit:read',
  'user:manage',
  'identifier:check',
  'search:public', // search public fields of non-confidential records without registry access (the public)
  'search:save', // own saved searches, their new-record counts and the daily e-mail digest
  'lifecycle:watch', // reminded of the deadlines of rights the bureau tracks
  'notification:read', // own in-app notifications
  'jobs:manage', // scheduled jobs: list, run now
  'navigation:build', // build 专利导航 reports
  'navigation:read', // list 专利导航 reports and download their PDF / XLSX
  'dashboard:read', // dashboards: breakdowns, trends, rankings, drill-down records, the map
  'geo:manage', // upload / remove the street (街道) outlines of a region profile
  'analytics:read', // indicators as of any date, denominators, snapshots, the SEI table
  'analytics:manage', // denominators, snapshots (create), hand marks, SEI import, pledge threshold
  'analytics:publish', // publish a snapshot version to the public
  'finance:read', // pledge registrations of a right
  'finance:write', // register / release pledges
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'admin',
  'analyst',
  'enforcement',
  'mediator',
  'member_unit',
  'enterprise',
  'finance',
  'public',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '局管理员', en: 'Bureau administrator' },
  analyst: { zh: '局分析员', en: 'Bureau analyst' },
  enforcement: { zh: '执法人员', en: 'Enforcement officer' },
  mediator: { zh: '调解员', en: 'Mediator' },
  member_unit: { zh: '成员单位', en: 'Member-unit officer' },
  enterprise: { zh: '企业用户', en: 'Enterprise user' },
  finance: { zh: '金融机构', en: 'Financial institution' },
  public: { zh: '公众', en: 'Public' },
};

const STAFF_READ: Permission[] = [
  'registry:read',
  'registry:read_private',
  'import:read',
  'identifier:check',
  'search:save',
];

export const DEFAULT_ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  admin: [...PERMISSIONS],
  analyst: [
    ...STAFF_READ,
    'registry:write',
    'registry:resolve',
    'import:run',
    'audit:read',
    'lifecycle:watch',
    'notification:read',
    'navigation:build',
    'navigation:read',
    'dashboard:read',
    'analytics:read',
    'analytics:manage',
    'finance:read',
    'finance:write',
  ],
  enforcement: [
    'registry:read',
    'registry:read_private',
    'identifier:check',
    'notification:read',
    'search:save',
  ],
  mediator: ['registry:read', 'identifier:check', 'notification:read', 'search:save'],
  member_unit: [
    'registry:read',
    'identifier:check',
    'search:save',
    'notification:read',
    'navigation:read',
    'dashboard:read',
    'analytics:read',
  ],
  enterprise: ['registry:read', 'registry:write_own', 'identifier:check', 'notification:read', 'search:save'],
  finance: [
    'registry:read',
    'identifier:check',
    'notification:read',
    'finance:read',
    'finance:write',
    'search:save',
  ],
  public: ['identifier:check', 'search:public'],
};

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}
