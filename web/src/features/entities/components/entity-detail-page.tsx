import { EditOutlined, LockOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { STATUS_LABELS } from '../../../../../src/domain/lifecycle/status.ts';
import {
  ENTITY_FLAG_LABELS,
  ENTITY_KIND_LABELS,
  INDUSTRY_SECTIONS,
} from '../../../../../src/domain/registry/entity.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { StatusTag, SubTypeTag } from '../../../components/label-tag.tsx';
import { fmtDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ASSET_KIND_LABELS, ASSET_KINDS } from '../../../lib/labels.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { useCursorList, type PageFetcher } from '../../../lib/use-cursor-list.ts';
import { getAssets } from '../../assets/api/get-assets.ts';
import { AssetTable } from '../../assets/components/asset-table.tsx';
import type { Asset } from '../../assets/types.ts';
import { useSession } from '../../auth/session.tsx';
import { DeadlineCalendarCard } from '../../deadlines/components/deadline-calendar-card.tsx';
import { FeeForecastCard } from '../../deadlines/components/fee-forecast-card.tsx';
import { ReminderSettingsCard } from '../../notifications/components/reminder-settings-card.tsx';
import { getEntity } from '../api/get-entity.ts';
import type { EntityDetail, PortfolioRow } from '../types.ts';
import { useStreets } from './use-streets.ts';

export function EntityDetailPage() {
  const id = Number(useParams().id);
  const { data, error, loading, reload } = useAsync((signal) => getEntity(id, signal), [id]);
  if (loading)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  if (error || !data) return <ErrorResult error={error} onRetry={reload} />;
  return <EntityDetailView entity={data} />;
}

interface PivotRow {
  key: string;
  kind: string;
  subType: string | null;
  total: number;
  byStatus: Record<string, number>;
}

function pivot(rows: PortfolioRow[]): { rows: PivotRow[]; statuses: string[] } {
  const m = new Map<string, PivotRow>();
  const statuses = new Set<string>();
  for (const r of rows) {
    const key = `${r.kind}:${r.subType ?? ''}`;
    const p = m.get(key) ?? { key, kind: r.kind, subType: r.subType, total: 0, byStatus: {} };
    p.total += r.count;
    p.byStatus[r.status] = (p.byStatus[r.status] ?? 0) + r.count;
    statuses.add(r.status);
    m.set(key, p);
  }
  const order = Object.keys(STATUS_LABELS);
  return {
    rows: [...m.values()].sort(
      (a, b) => ASSET_KINDS.indexOf(a.kind as never) - ASSET_KINDS.indexOf(b.kind as never),
    ),
    statuses: [...statuses].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
  };
}

function EntityDetailView({ entity: e }: { entity: EntityDetail }) {
  const { t, code, lang } = useI18n();
  const { can, me } = useSession();
  const { byCode } = useStreets();
  const [sort, setSort] = useState<string | undefined>();
  const fetchPage: PageFetcher<Asset> = (cursor, limit, signal) =>
    getAssets({ entityId: e.id, sort, cursor, limit }, signal);
  const assets = useCursorList(fetchPage, `${e.id}:${sort ?? ''}`, 20);
  const canEdit = can('registry:write') || (can('registry:write_own') && me?.user?.entityId === e.id);
  const hasPrivate = 'contactName' in e;
  const { rows, statuses } = pivot(e.portfolio);
  const totals = Object.fromEntries(
    ASSET_KINDS.map((k) => [k, e.portfolio.filter((p) => p.kind === k).reduce((s, p) => s + p.count, 0)]),
  );

  const portfolioColumns: TableColumnsType<PivotRow> = [
    {
      title: t('asset.field.kind'),
      key: 'kind',
      render: (_: unknown, r: PivotRow) => code(ASSET_KIND_LABELS, r.kind),
    },
    {
      title: t('asset.field.subType'),
      key: 'subType',
      render: (_: unknown, r: PivotRow) => <SubTypeTag subType={r.subType} />,
    },
    ...statuses.map((s) => ({
      title: <StatusTag status={s} />,
      key: s,
      align: 'right' as const,
      render: (_: unknown, r: PivotRow) => r.byStatus[s] ?? 0,
    })),
    {
      title: t('common.sum'),
      key: 'total',
      align: 'right' as const,
      render: (_: unknown, r: PivotRow) => <b>{r.total}</b>,
    },
  ];

  return (
    <>
      <PageTitle
        title={e.name}
        sub={
          <Space size={8} wrap>
            {e.uscc ? <Typography.Text code>{e.uscc}</Typography.Text> : null}
            <Tag>{code(ENTITY_KIND_LABELS, e.kind)}</Tag>
            {e.isDemo ? <Tag bordered={false}>{t('common.demo')}</Tag> : null}
          </Space>
        }
        extra={
          <>
            <Link to="/entities">
              <Button>{t('common.back')}</Button>
            </Link>
            {canEdit ? (
              <Link to={`/entities/${e.id}/edit`}>
                <Button type="primary" icon={<EditOutlined />}>
                  {t('common.edit')}
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('entity.basic')}>
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, sm: 1, md: 1, lg: 1, xl: 1, xxl: 2 }}
              styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
              items={[
                { key: 'uscc', label: t('entity.field.uscc'), children: e.uscc ?? '—' },
                { key: 'kind', label: t('entity.field.kind'), children: code(ENTITY_KIND_LABELS, e.kind) },
                {
                  key: 'industry',
                  label: t('entity.field.industry'),
                  children: e.industry
                    ? `${e.industry} ${INDUSTRY_SECTIONS[e.industry[0] ?? ''] ?? ''}`
                    : '—',
                },
                {
                  key: 'street',
                  label: t('entity.field.street'),
                  children: e.streetCode ? (byCode.get(e.streetCode) ?? e.streetCode) : '—',
                },
                { key: 'address', label: t('entity.field.address'), children: e.address ?? '—' },
                {
                  key: 'flags',
                  label: t('entity.field.flags'),
                  children: e.flags.length ? (
                    <Space size={[0, 4]} wrap>
                      {e.flags.map((f) => (
                        <Tag key={f} color="blue">
                          {code(ENTITY_FLAG_LABELS, f)}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    '—'
                  ),
                },
                {
                  key: 'former',
                  label: t('entity.field.formerNames'),
                  children: e.formerNames.length ? e.formerNames.join('；') : '—',
                },
                { key: 'created', label: t('common.createdAt'), children: fmtDateTime(e.createdAt) },
                { key: 'updated', label: t('common.updatedAt'), children: fmtDateTime(e.updatedAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('entity.portfolio')}>
              <Row gutter={16} style={{ marginBottom: rows.length ? 16 : 0 }}>
                {ASSET_KINDS.map((k) => (
                  <Col span={8} key={k}>
                    <Statistic
                      title={code(ASSET_KIND_LABELS, k)}
                      value={totals[k] ?? 0}
                      formatter={(v) => Number(v).toLocaleString(lang)}
                    />
                  </Col>
                ))}
              </Row>
              {rows.length ? (
                <Table<PivotRow>
                  size="small"
                  rowKey="key"
                  columns={portfolioColumns}
                  dataSource={rows}
                  pagination={false}
                  scroll={{ x: true }}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('entity.portfolio.empty')} />
              )}
            </Card>
            {hasPrivate ? (
              <Card
                title={
                  <Space>
                    <LockOutlined />
                    {t('entity.private')}
                  </Space>
                }
                extra={<Typography.Text type="secondary">{t('entity.privateHint')}</Typography.Text>}
              >
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'contact', label: t('entity.field.contactName'), children: e.contactName ?? '—' },
                    { key: 'phone', label: t('entity.field.contactPhone'), children: e.contactPhone ?? '—' },
                    {
                      key: 'notes',
                      label: t('entity.field.notes'),
                      children: <span style={{ whiteSpace: 'pre-wrap' }}>{e.notes ?? '—'}</span>,
                    },
                  ]}
                />
              </Card>
            ) : null}
          </Space>
        </Col>
        <Col span={24}>
          <FeeForecastCard entityId={e.id} />
        </Col>
        <Col span={24}>
          <DeadlineCalendarCard entityId={e.id} />
        </Col>
        <Col span={24}>
          <ReminderSettingsCard entityId={e.id} />
        </Col>
        <Col span={24}>
          <Card title={t('entity.assets')} styles={{ body: { padding: 0 } }}>
            {assets.error && assets.items.length === 0 ? (
              <ErrorResult compact error={assets.error} onRetry={assets.reload} />
            ) : (
              <AssetTable list={assets} sort={sort} onSort={setSort} hideOwners />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
