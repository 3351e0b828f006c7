import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getMe } from './api/get-me.ts';
import { logout as apiLogout } from './api/logout.ts';
import type { Me } from './types.ts';

export interface Session {
  me: Me | null;
  loading: boolean;
  error: unknown;
  can(...permissions: string[]): boolean;
  refresh(): Promise<void>;
  logout(): Promise<void>;
  setMe(me: Me): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();

  const refresh = useCallback(async () => {
    try {
      setError(undefined);
      setMe(await getMe());
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const logout = useCallback(async () => {
    await apiLogout();
    setMe({ user: null, role: 'public', permissions: [] });
  }, []);

  const value = useMemo<Session>(
    () => ({
      me,
      loading,
      error,
      can: (...permissions) => !!me && permissions.some((p) => me.permissions.includes(p)),
      refresh,
      logout,
      setMe,
    }),
    [me, loading, error, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
