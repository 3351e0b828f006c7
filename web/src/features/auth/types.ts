export interface PublicUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  entityId: number | null;
  email: string | null;
  active: boolean;
}

export interface Me {
  user: PublicUser | null;
  role: string;
  permissions: string[];
}
