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
];

export const DEFAULT_ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  admin: [...PERMISSIONS],
  analyst: [...STAFF_READ, 'registry:write', 'registry:resolve', 'import:run', 'audit:read'],
  enforcement: ['registry:read', 'registry:read_private', 'identifier:check'],
  mediator: ['registry:read', 'identifier:check'],
  member_unit: ['registry:read', 'identifier:check'],
  enterprise: ['registry:read', 'registry:write_own', 'identifier:check'],
  finance: ['registry:read', 'identifier:check'],
  public: ['identifier:check'],
};

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}
