import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
  theme,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { termCompensationDaysOf } from '../../../../../src/domain/lifecycle/term.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { StatusTag, SubTypeTag } from '../../../components/label-tag.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { fmtDate, fmtDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ASSET_KIND_LABELS, EVENT_LABELS } from '../../../lib/labels.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { useSession } from '../../auth/session.tsx';
import { AssetDeadlinesCard } from '../../deadlines/components/asset-deadlines-card.tsx';
import { AssetHighValueCard } from '../../indicators/components/asset-high-value-card.tsx';
import { AssetPledgesCard } from '../../indicators/components/asset-pledges-card.tsx';
import { getAsset } from '../api/get-asset.ts';
import type { Asset } from '../types.ts';
import { AddEventModal } from './add-event-modal.tsx';
import { mainNumber } from './asset-number.ts';

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v;
  if (Array.isArray(v) && v.length) return v.map(String).join('；');
  return undefined;
}

export function AssetDetailPage() {
  const id = Number(useParams().id);
  const { data, error, loading, reload, setData } = useAsync((signal) => getAsset(id, signal), [id]);
  if (loading && !data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 12 }} />
      </Card>
    );
  if (error || !data) return <ErrorResult error={error} onRetry={reload} />;
  return <AssetDetail asset={data} onChange={setData} />;
}

function AssetDetail({ asset: a, onChange }: { asset: Asset; onChange: (a: Asset) => void }) {
  const { t, code } = useI18n();
  const { token } = theme.useToken();
  const { can, me } = useSession();
  // registry:write_own: only the rights the user's own entity holds (the server checks the same)
  const canWrite =
    can('registry:write') ||
    (can('registry:write_own') &&
      a.owners.some((o) => o.entityId !== null && o.entityId === me?.user?.entityId));
  const [eventCode, setEventCode] = useState<string | null>(null);
  const [scheduleKey, setScheduleKey] = useState(0);
  const d = a.details;
  const compDays = termCompensationDaysOf(d);
  const items = [
    { key: 'kind', label: t('asset.field.kind'), children: code(ASSET_KIND_LABELS, a.kind) },
    { key: 'subType', label: t('asset.field.subType'), children: <SubTypeTag subType={a.subType} /> },
    { key: 'office', label: t('asset.field.office'), children: a.office },
    { key: 'status', label: t('asset.field.status'), children: <StatusTag status={a.status} /> },
    a.applicationNumber && {
      key: 'app',
      label: t('asset.field.applicationNumber'),
      children: <Typography.Text copyable>{a.applicationNumber}</Typography.Text>,
    },
    a.publicationNumber && {
      key: 'pub',
      label: t('asset.field.publicationNumber'),
      children: <Typography.Text copyable>{a.publicationNumber}</Typography.Text>,
    },
    a.registrationNumber && {
      key: 'reg',
      label: t('asset.field.registrationNumber'),
      children: <Typography.Text copyable>{a.registrationNumber}</Typography.Text>,
    },
    { key: 'filing', label: t('asset.field.filingDate'), children: fmtDate(a.filingDate) },
    a.publicationDate && {
      key: 'pubDate',
      label: t('asset.field.publicationDate'),
      children: fmtDate(a.publicationDate),
    },
    a.kind === 'patent' && {
      key: 'grant',
      label: t('asset.field.grantDate'),
      children: fmtDate(a.grantDate),
    },
    a.kind !== 'patent' && {
      key: 'regDate',
      label: t('asset.field.registrationDate'),
      children: fmtDate(a.registrationDate),
    },
    {
      key: 'expiry',
      label: t('asset.field.expiryDate'),
      children: compDays
        ? t('termComp.expiryWith', { expiry: fmtDate(a.expiryDate), days: compDays })
        : fmtDate(a.expiryDate),
    },
    compDays > 0 && {
      key: 'termComp',
      label: t('termComp.days'),
      children: (
        <Space direction="vertical" size={0}>
          <span>
            {d.termCompensationKind === 'examination_delay' || d.termCompensationKind === 'new_drug'
              ? `${t('termComp.detail', { days: compDays })} · ${t(`termComp.kind.${d.termCompensationKind}`)}`
              : t('termComp.detail', { days: compDays })}
          </span>
          <Typography.Text type="secondary">{t('termComp.feeUnknown')}</Typography.Text>
        </Space>
      ),
      span: 2,
    },
    a.ipc.length > 0 && {
      key: 'ipc',
      label: t('asset.field.ipc'),
      children: (
        <Space size={[0, 4]} wrap>
          {a.ipc.map((c) => (
            <Tag key={c}>{c}</Tag>
          ))}
        </Space>
      ),
    },
    a.niceClasses.length > 0 && {
      key: 'nice',
      label: t('asset.field.niceClasses'),
      children: (
        <Space size={[0, 4]} wrap>
          {a.niceClasses.map((c) => (
            <Tag key={c}>{c}</Tag>
          ))}
        </Space>
      ),
    },
    text(d.category) && { key: 'category', label: t('asset.field.category'), children: text(d.category) },
    text(d.inventors) && {
      key: 'inventors',
      label: t('asset.field.inventors'),
      children: text(d.inventors),
      span: 2,
    },
    text(d.goodsServices) && {
      key: 'goods',
      label: t('asset.field.goodsServices'),
      children: text(d.goodsServices),
      span: 2,
    },
    { key: 'source', label: t('asset.field.source'), children: a.source ?? '—' },
    {
      key: 'confidential',
      label: t('asset.field.confidential'),
      children: a.confidential ? t('common.yes') : t('common.no'),
    },
    { key: 'updated', label: t('common.updatedAt'), children: fmtDateTime(a.updatedAt) },
    a.abstract && {
      key: 'abstract',
      label: t('asset.field.abstract'),
      span: 2,
      children: (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
          {a.abstract}
        </Typography.Paragraph>
      ),
    },
  ].filter((x): x is Exclude<typeof x, false | null | undefined | ''> => !!x);

  const events = [...(a.events ?? [])].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));

  return (
    <>
      <PageTitle
        title={a.title ?? mainNumber(a)}
        sub={
          <Space size={8} wrap>
            <SubTypeTag subType={a.subType} />
            <Typography.Text code>{mainNumber(a)}</Typography.Text>
            <StatusTag status={a.status} />
            {a.isDemo ? <Tag bordered={false}>{t('common.demo')}</Tag> : null}
          </Space>
        }
        extra={
          <Link to="/assets">
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('asset.bibliographic')}>
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
              styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
              items={items}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('asset.field.owners')}>
              <List
                dataSource={a.owners}
                locale={{ emptyText: <Empty description={t('common.empty')} /> }}
                renderItem={(o) => (
                  <List.Item key={o.seq}>
                    <List.Item.Meta
                      title={
                        o.entityId ? (
                          <Link to={`/entities/${o.entityId}`} style={{ color: token.colorLink }}>
                            {o.entityName ?? o.name}
                          </Link>
                        ) : (
                          <Space>
                            {o.name}
                            <Tag color="orange">{t('asset.owner.unmatched')}</Tag>
                          </Space>
                        )
                      }
                      description={
                        <Space size={12} wrap>
                          {o.entityName && o.entityName !== o.name ? <span>{o.name}</span> : null}
                          {o.uscc ? <Typography.Text code>{o.uscc}</Typography.Text> : null}
                          {o.share !== null ? <span>{o.share}%</span> : null}
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
            <Card
              title={t('asset.field.events')}
              extra={
                canWrite ? (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setEventCode('')}>
                    {t('event.add')}
                  </Button>
                ) : null
              }
            >
              {events.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('asset.events.empty')} />
              ) : (
                <Timeline
                  items={events.map((e, i) => ({
                    key: `${e.code}-${e.date}-${i}`,
                    color: ['CF01', 'IW01', 'AV01', 'RJ01', 'WD01', 'WW01', 'CX01'].includes(e.code)
                      ? 'red'
                      : 'blue',
                    children: (
                      <>
                        <Typography.Text strong>{fmtDate(e.date)}</Typography.Text> <Tag>{e.code}</Tag>
                        {code(EVENT_LABELS, e.code) !== e.code ? code(EVENT_LABELS, e.code) : null}
                        {e.note ? (
                          <div>
                            <Typography.Text type="secondary">{e.note}</Typography.Text>
                          </div>
                        ) : null}
                      </>
                    ),
                  }))}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col span={24}>
          <AssetDeadlinesCard
            assetId={a.id}
            refreshKey={scheduleKey}
            canWrite={canWrite}
            onRecordEvent={setEventCode}
          />
        </Col>
        {a.kind === 'patent' && a.subType === 'invention' && can('registry:read') ? (
          <Col xs={24} xl={8}>
            <AssetHighValueCard assetId={a.id} refreshKey={scheduleKey} />
          </Col>
        ) : null}
        {a.kind !== 'copyright' && can('finance:read') ? (
          <Col xs={24} xl={a.subType === 'invention' ? 16 : 24}>
            <AssetPledgesCard assetId={a.id} onChange={() => setScheduleKey((k) => k + 1)} />
          </Col>
        ) : null}
      </Row>
      <AddEventModal
        code={eventCode}
        assetId={a.id}
        onClose={() => setEventCode(null)}
        onSaved={(next) => {
          setEventCode(null);
          onChange(next);
          setScheduleKey((k) => k + 1);
        }}
      />
    </>
  );
}
