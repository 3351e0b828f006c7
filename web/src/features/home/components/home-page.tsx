import {
  AuditOutlined,
  BankOutlined,
  CloudUploadOutlined,
  FileProtectOutlined,
  SafetyCertificateOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ROLE_NAMES } from '../../../../../src/domain/auth/roles.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { getAssets } from '../../assets/api/get-assets.ts';
import { useSession } from '../../auth/session.tsx';
import { getEntities } from '../../entities/api/get-entities.ts';
import { getUnmatchedNames } from '../../unmatched/api/get-unmatched-names.ts';

interface Counts {
  entities: number;
  patents: number;
  trademarks: number;
  copyrights: number;
  unmatched?: number;
}

function Shortcut({ to, icon, title }: { to: string; icon: ReactNode; title: string }) {
  return (
    <Link to={to}>
      <Card hoverable size="small" style={{ textAlign: 'center' }}>
        <div style={{ fontSize: 28, color: '#1d4ed8' }}>{icon}</div>
        <div>{title}</div>
      </Card>
    </Link>
  );
}

export function HomePage() {
  const { t, lang, code } = useI18n();
  const { me, can } = useSession();
  const canRead = can('registry:read');
  const counts = useAsync<Counts | null>(
    async (signal) => {
      if (!canRead) return null;
      const [e, p, tm, c, u] = await Promise.all([
        getEntities({ limit: 1 }, signal),
        getAssets({ kind: 'patent', limit: 1 }, signal),
        getAssets({ kind: 'trademark', limit: 1 }, signal),
        getAssets({ kind: 'copyright', limit: 1 }, signal),
        can('registry:resolve') ? getUnmatchedNames({ limit: 1 }, signal) : Promise.resolve(undefined),
      ]);
      return {
        entities: e.total,
        patents: p.total,
        trademarks: tm.total,
        copyrights: c.total,
        unmatched: u?.total,
      };
    },
    [canRead],
  );

  const fmt = (v: number | string) => Number(v).toLocaleString(lang);
  const stats: { key: MessageKey; value: number | undefined; to: string }[] = counts.data
    ? [
        { key: 'home.entities', value: counts.data.entities, to: '/entities' },
        { key: 'home.patents', value: counts.data.patents, to: '/assets?kind=patent' },
        { key: 'home.trademarks', value: counts.data.trademarks, to: '/assets?kind=trademark' },
        { key: 'home.copyrights', value: counts.data.copyrights, to: '/assets?kind=copyright' },
        ...(counts.data.unmatched !== undefined
          ? [{ key: 'home.unmatched' as MessageKey, value: counts.data.unmatched, to: '/unmatched' }]
          : []),
      ]
    : [];

  const shortcuts: { to: string; icon: ReactNode; title: string }[] = [
    can('registry:read') && { to: '/entities', icon: <BankOutlined />, title: t('nav.entities') },
    can('registry:read') && { to: '/assets', icon: <FileProtectOutlined />, title: t('nav.assets') },
    can('registry:resolve') && { to: '/unmatched', icon: <UserSwitchOutlined />, title: t('nav.unmatched') },
    can('import:read') && { to: '/imports', icon: <CloudUploadOutlined />, title: t('nav.imports') },
    can('identifier:check') && {
      to: '/identifiers',
      icon: <SafetyCertificateOutlined />,
      title: t('nav.identifiers'),
    },
    can('audit:read') && { to: '/audit', icon: <AuditOutlined />, title: t('nav.audit') },
  ].flatMap((x) => (x ? [x] : []));

  return (
    <>
      <Card style={{ marginBottom: 16, background: 'linear-gradient(120deg, #eff6ff, #ffffff)' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-welcome">
          {t('home.welcome', { name: me?.user?.displayName ?? me?.user?.username ?? '' })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('app.title')} · {t('home.roleLine', { role: code(ROLE_NAMES, me?.role) })}
        </Typography.Text>
      </Card>
      {canRead ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {counts.loading
            ? [0, 1, 2, 3].map((i) => (
                <Col key={i} xs={12} md={6}>
                  <Card>
                    <Skeleton active paragraph={{ rows: 1 }} title={false} />
                  </Card>
                </Col>
              ))
            : stats.map((s) => (
                <Col
                  key={s.key}
                  xs={12}
                  md={stats.length > 4 ? undefined : 6}
                  flex={stats.length > 4 ? '1 1 0' : undefined}
                >
                  <Link to={s.to}>
                    <Card hoverable>
                      <Statistic title={t(s.key)} value={s.value ?? 0} formatter={fmt} />
                    </Card>
                  </Link>
                </Col>
              ))}
        </Row>
      ) : null}
      <Card title={t('home.quick')}>
        <Row gutter={[16, 16]}>
          {shortcuts.map((s) => (
            <Col key={s.to} xs={12} sm={8} md={4}>
              <Shortcut {...s} />
            </Col>
          ))}
        </Row>
      </Card>
    </>
  );
}
