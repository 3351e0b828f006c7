import {
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  GlobalOutlined,
  ClockCircleOutlined,
  BankOutlined,
  CloudUploadOutlined,
  CompassOutlined,
  FieldTimeOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FundOutlined,
  HomeOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  StarOutlined,
  TeamOutlined,
  TranslationOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { App, Avatar, Button, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ROLE_NAMES } from '../../../src/domain/auth/roles.ts';
import { useSession } from '../features/auth/session.tsx';
import { NotificationBell } from '../features/notifications/components/notification-bell.tsx';
import { useI18n, type MessageKey } from '../lib/i18n.ts';

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** any one of these permissions shows the item; none = every logged-in user */
  permissions?: string[];
}

interface NavGroup {
  label: MessageKey;
  items: NavItem[];
}

/** The menu, with the permissions that open each page (the routes check the same ones). */
export const NAV: NavGroup[] = [
  {
    label: 'nav.home',
    items: [
      { path: '/', label: 'nav.home', icon: <HomeOutlined /> },
      { path: '/search', label: 'nav.search', icon: <FileSearchOutlined />, permissions: ['registry:read'] },
      {
        path: '/saved-searches',
        label: 'savedSearch.nav',
        icon: <StarOutlined />,
        permissions: ['search:save'],
      },
      {
        path: '/notifications',
        label: 'notifications.nav',
        icon: <BellOutlined />,
        permissions: ['notification:read'],
      },
    ],
  },
  {
    label: 'nav.registry',
    items: [
      { path: '/entities', label: 'nav.entities', icon: <BankOutlined />, permissions: ['registry:read'] },
      { path: '/assets', label: 'nav.assets', icon: <FileProtectOutlined />, permissions: ['registry:read'] },
      {
        path: '/deadlines',
        label: 'nav.deadlines',
        icon: <FieldTimeOutlined />,
        permissions: ['registry:read'],
      },
      {
        path: '/unmatched',
        label: 'nav.unmatched',
        icon: <UserSwitchOutlined />,
        permissions: ['registry:resolve'],
      },
      {
        path: '/imports',
        label: 'nav.imports',
        icon: <CloudUploadOutlined />,
        permissions: ['import:read', 'import:run'],
      },
    ],
  },
  {
    label: 'dash.navGroup',
    items: [
      { path: '/analytics', label: 'dash.nav', icon: <BarChartOutlined />, permissions: ['dashboard:read'] },
      { path: '/indicators', label: 'ind.nav', icon: <FundOutlined />, permissions: ['analytics:read'] },
      {
        path: '/navigation',
        label: 'navigation.nav',
        icon: <CompassOutlined />,
        permissions: ['navigation:read', 'navigation:build'],
      },
      { path: '/public/stats', label: 'pub.nav', icon: <GlobalOutlined /> },
    ],
  },
  {
    label: 'nav.tools',
    items: [
      {
        path: '/identifiers',
        label: 'nav.identifiers',
        icon: <SafetyCertificateOutlined />,
        permissions: ['identifier:check'],
      },
    ],
  },
  {
    label: 'nav.system',
    items: [
      { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, permissions: ['audit:read'] },
      { path: '/users', label: 'nav.users', icon: <TeamOutlined />, permissions: ['user:manage'] },
      {
        path: '/jobs',
        label: 'notifications.nav.jobs',
        icon: <ClockCircleOutlined />,
        permissions: ['jobs:manage'],
      },
    ],
  },
];

function selectedKey(pathname: string): string {
  if (pathname === '/') return '/';
  const all = NAV.flatMap((g) => g.items.map((i) => i.path)).filter((p) => p !== '/');
  return all.find((p) => pathname === p || pathname.startsWith(`${p}/`)) ?? pathname;
}

export function AppShell() {
  const { t, lang, setLang, code } = useI18n();
  const { me, can, logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const items: MenuProps['items'] = NAV.flatMap((g): NonNullable<MenuProps['items']> => {
    const visible = g.items.filter((i) => !i.permissions || can(...i.permissions));
    if (visible.length === 0) return [];
    const entries = visible.map((i) => ({
      key: i.path,
      icon: i.icon,
      label: <Link to={i.path}>{t(i.label)}</Link>,
    }));
    // the top items (home, search) stand on their own, without a group heading
    if (g.label === 'nav.home') return entries;
    return [
      { type: 'group' as const, key: g.label, label: collapsed ? null : t(g.label), children: entries },
    ];
  });

  const onLogout = async () => {
    try {
      await logout();
      void message.success(t('header.loggedOut'));
    } finally {
      void navigate('/login', { replace: true });
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={220} breakpoint="lg">
        <Link
          to="/"
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 10,
            height: 64,
            padding: collapsed ? '0 24px' : '0 20px',
            color: '#fff',
          }}
        >
          <span
            style={{
              display: 'inline-flex',
              alignItems: 'center',
              justifyContent: 'center',
              width: 32,
              height: 32,
              borderRadius: 8,
              background: '#3b82f6',
              fontWeight: 700,
              flex: 'none',
            }}
          >
            知
          </span>
          {collapsed ? null : (
            <span style={{ fontSize: 20, fontWeight: 600, letterSpacing: 2 }}>{t('app.short')}</span>
          )}
        </Link>
        <Menu theme="dark" mode="inline" selectedKeys={[selectedKey(location.pathname)]} items={items} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            padding: '0 24px',
            borderBottom: '1px solid #e5e7eb',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Typography.Text strong style={{ fontSize: 16 }} ellipsis data-testid="app-title">
            {t('app.title')}
          </Typography.Text>
          <Space size={12} style={{ flex: 'none' }}>
            <NotificationBell />
            <Button
              type="text"
              icon={<TranslationOutlined />}
              onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
              data-testid="lang-switch"
            >
              {t('header.switchLang')}
            </Button>
            <Space size={6}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1d4ed8' }} />
              <Typography.Text data-testid="current-user">
                {me?.user?.displayName ?? me?.user?.username}
              </Typography.Text>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {code(ROLE_NAMES, me?.role)}
              </Tag>
            </Space>
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void onLogout()}>
              {t('header.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c', padding: '12px 24px' }}>
          {t('app.footer')}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
