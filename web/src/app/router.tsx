import { Card, Result, Skeleton, Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router-dom';
import { ErrorResult } from '../components/error-result.tsx';
import { Forbidden } from '../components/forbidden.tsx';
import { LoginPage } from '../features/auth/components/login-page.tsx';
import { useSession } from '../features/auth/session.tsx';
import { useI18n } from '../lib/i18n.ts';
import { AppShell } from './app-shell.tsx';

/** Load a page's code when it is first opened. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const C = lazy<ComponentType>(async () => ({ default: (await load())[name] }));
  return (
    <Suspense
      fallback={
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      }
    >
      <C />
    </Suspense>
  );
}

function RequireLogin() {
  const { me, loading, error, refresh } = useSession();
  const location = useLocation();
  if (loading)
    return (
      <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  if (error && !me) return <ErrorResult error={error} onRetry={() => void refresh()} />;
  if (!me?.user)
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <Outlet />;
}

function Allow({ any, children }: { any: string[]; children: ReactNode }) {
  const { can } = useSession();
  return can(...any) ? <>{children}</> : <Forbidden />;
}

function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

const READ = ['registry:read'];

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/public/stats',
    element: page(
      () => import('../features/public-stats/components/public-stats-page.tsx'),
      'PublicStatsPage',
    ),
  },
  {
    path: '/public/search',
    element: page(() => import('../features/search/components/public-search-page.tsx'), 'PublicSearchPage'),
  },
  {
    element: <RequireLogin />,
    children: [
      {
        element: <AppShell />,
        children: [
          {
            index: true,
            element: page(() => import('../features/home/components/home-page.tsx'), 'HomePage'),
          },
          {
            path: 'search',
            element: (
              <Allow any={READ}>
                {page(() => import('../features/search/components/search-page.tsx'), 'SearchPage')}
              </Allow>
            ),
          },
          {
            path: 'saved-searches',
            element: (
              <Allow any={['search:save']}>
                {page(
                  () => import('../features/search/components/saved-searches-page.tsx'),
                  'SavedSearchesPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'entities',
            element: (
              <Allow any={READ}>
                {page(() => import('../features/entities/components/entity-list-page.tsx'), 'EntityListPage')}
              </Allow>
            ),
          },
          {
            path: 'entities/new',
            element: (
              <Allow any={['registry:write']}>
                {page(() => import('../features/entities/components/entity-form-page.tsx'), 'EntityFormPage')}
              </Allow>
            ),
          },
          {
            path: 'entities/:id',
            element: (
              <Allow any={READ}>
                {page(
                  () => import('../features/entities/components/entity-detail-page.tsx'),
                  'EntityDetailPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'entities/:id/edit',
            element: (
              <Allow any={['registry:write', 'registry:write_own']}>
                {page(() => import('../features/entities/components/entity-form-page.tsx'), 'EntityFormPage')}
              </Allow>
            ),
          },
          {
            path: 'assets',
            element: (
              <Allow any={READ}>
                {page(() => import('../features/assets/components/asset-list-page.tsx'), 'AssetListPage')}
              </Allow>
            ),
          },
          {
            path: 'assets/new',
            element: (
              <Allow any={['registry:write', 'registry:write_own']}>
                {page(() => import('../features/assets/components/asset-form-page.tsx'), 'AssetFormPage')}
              </Allow>
            ),
          },
          {
            path: 'assets/:id',
            element: (
              <Allow any={READ}>
                {page(() => import('../features/assets/components/asset-detail-page.tsx'), 'AssetDetailPage')}
              </Allow>
            ),
          },
          {
            path: 'deadlines',
            element: (
              <Allow any={READ}>
                {page(
                  () => import('../features/deadlines/components/deadline-watch-page.tsx'),
                  'DeadlineWatchPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'unmatched',
            element: (
              <Allow any={['registry:resolve']}>
                {page(() => import('../features/unmatched/components/unmatched-page.tsx'), 'UnmatchedPage')}
              </Allow>
            ),
          },
          {
            path: 'imports',
            element: (
              <Allow any={['import:read', 'import:run']}>
                {page(() => import('../features/imports/components/import-page.tsx'), 'ImportPage')}
              </Allow>
            ),
          },
          {
            path: 'identifiers',
            element: (
              <Allow any={['identifier:check']}>
                {page(
                  () => import('../features/identifiers/components/identifier-check-page.tsx'),
                  'IdentifierCheckPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'audit',
            element: (
              <Allow any={['audit:read']}>
                {page(() => import('../features/audit/components/audit-page.tsx'), 'AuditPage')}
              </Allow>
            ),
          },
          {
            path: 'users',
            element: (
              <Allow any={['user:manage']}>
                {page(() => import('../features/users/components/users-page.tsx'), 'UsersPage')}
              </Allow>
            ),
          },
          {
            path: 'notifications',
            element: (
              <Allow any={['notification:read']}>
                {page(
                  () => import('../features/notifications/components/notifications-page.tsx'),
                  'NotificationsPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'jobs',
            element: (
              <Allow any={['jobs:manage']}>
                {page(() => import('../features/jobs/components/jobs-page.tsx'), 'JobsPage')}
              </Allow>
            ),
          },
          {
            path: 'analytics',
            element: (
              <Allow any={['dashboard:read']}>
                {page(() => import('../features/analytics/components/dashboard-page.tsx'), 'DashboardPage')}
              </Allow>
            ),
          },
          {
            path: 'indicators',
            element: (
              <Allow any={['analytics:read']}>
                {page(
                  () => import('../features/indicators/components/indicators-page.tsx'),
                  'IndicatorsPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'navigation',
            element: (
              <Allow any={['navigation:read', 'navigation:build']}>
                {page(
                  () => import('../features/navigation/components/navigation-page.tsx'),
                  'NavigationPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'indicators/denominators',
            element: (
              <Allow any={['analytics:read']}>
                {page(
                  () => import('../features/indicators/components/denominators-page.tsx'),
                  'DenominatorsPage',
                )}
              </Allow>
            ),
          },
          {
            path: 'indicators/snapshots',
            element: (
              <Allow any={['analytics:read']}>
                {page(() => import('../features/indicators/components/snapshots-page.tsx'), 'SnapshotsPage')}
              </Allow>
            ),
          },
          {
            path: 'indicators/sei',
            element: (
              <Allow any={['analytics:read']}>
                {page(() => import('../features/indicators/components/sei-page.tsx'), 'SeiPage')}
              </Allow>
            ),
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
