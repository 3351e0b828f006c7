export interface RoleInfo {
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
}

export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  role: string;
  entityId?: number | null;
  email?: string | null;
}
