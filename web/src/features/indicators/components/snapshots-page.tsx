import { CameraOutlined, DiffOutlined, SendOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { fmtDate, fmtDateTime, fmtNumber } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { useSession } from '../../auth/session.tsx';
import { compareSnapshots, createSnapshot, getSnapshots, publishSnapshot } from '../api/snapshots.ts';
import type { Snapshot, SnapshotCompare } from '../types.ts';
import { IndicatorTable } from './indicator-table.tsx';
import { useRegion } from './use-region.ts';

interface Values {
  period: string;
  reason?: string;
}

/** 指标快照: frozen period values (versions), create / correct, compare two versions, publish. */
export function SnapshotsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { region, streets } = useRegion();
  const [street, setStreet] = useState<string | undefined>();
  const { data, error, loading, reload } = useAsync(
    (signal) =>
      region
        ? getSnapshots({ region: region.code, ...(street ? { street } : {}) }, signal)
        : Promise.resolve({ items: [] }),
    [region?.code, street],
  );
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);
  const [selected, setSelected] = useState<number[]>([]);
  const [compare, setCompare] = useState<SnapshotCompare | null>(null);
  const [viewing, setViewing] = useState<Snapshot | null>(null);

  const create = (v: Values) =>
    submit(async () => {
      const s = await createSnapshot({
        region: region!.code,
        street: street ?? null,
        period: v.period.trim(),
        reason: v.reason || null,
      });
      setCreating(false);
      void message.success(t('snap.created', { period: s.period, version: s.version }));
      reload();
    });
  const publish = async (s: Snapshot) => {
    try {
      await publishSnapshot(s.id);
      void message.success(t('snap.published', { period: s.period, version: s.version }));
      reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const openCompare = async () => {
    const [a, b] = [...selected].sort((x, y) => x - y);
    try {
      setCompare(await compareSnapshots(a!, b!));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const columns: TableColumnsType<Snapshot> = [
    { title: t('snap.col.period'), dataIndex: 'period', key: 'period' },
    { title: t('snap.col.at'), dataIndex: 'at', key: 'at', render: fmtDate },
    {
      title: t('snap.col.version'),
      key: 'version',
      render: (_: unknown, s) => (
        <Space size={4}>
          <b>v{s.version}</b>
          {s.superseded ? <Tag>{t('snap.superseded')}</Tag> : null}
          {s.publishedAt ? (
            <Tag color="green">{t('snap.isPublished')}</Tag>
          ) : (
            <Tag color="blue">{t('snap.draft')}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('snap.col.reason'),
      dataIndex: 'reason',
      key: 'reason',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('snap.col.records'),
      dataIndex: 'recordCount',
      key: 'records',
      align: 'right',
      render: (v: number) => fmtNumber(v, lang),
    },
    { title: t('snap.col.created'), dataIndex: 'createdAt', key: 'created', render: fmtDateTime },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, s) => (
        <Space>
          <Button size="small" onClick={() => setViewing(s)}>
            {t('snap.view')}
          </Button>
          {can('analytics:publish') && !s.publishedAt && !s.superseded ? (
            <Popconfirm title={t('snap.publishConfirm')} onConfirm={() => void publish(s)}>
              <Button size="small" type="primary" icon={<SendOutlined />} data-testid={`publish-${s.id}`}>
                {t('snap.publish')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('snap.title')}
        sub={t('snap.subtitle')}
        extra={
          <>
            <Button
              icon={<DiffOutlined />}
              disabled={selected.length !== 2}
              onClick={() => void openCompare()}
            >
              {t('snap.compare')}
            </Button>
            {can('analytics:manage') ? (
              <Button
                type="primary"
                icon={<CameraOutlined />}
                onClick={() => {
                  clearProblem();
                  form.resetFields();
                  setCreating(true);
                }}
              >
                {t('snap.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <div style={{ padding: 16 }}>
          <Space>
            <span>{region?.name ?? '…'}</span>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t('ind.allStreets')}
              value={street}
              onChange={(v) => {
                setStreet(v);
                setSelected([]);
              }}
              options={streets.map((s) => ({ value: s.code, label: s.name }))}
            />
            <Typography.Text type="secondary">{t('snap.compareHint')}</Typography.Text>
          </Space>
        </div>
        {error ? (
          <ErrorResult error={error} onRetry={reload} />
        ) : (
          <Table<Snapshot>
            rowKey="id"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={data?.items ?? []}
            pagination={false}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected((keys as number[]).slice(-2)),
            }}
            data-testid="snap-table"
          />
        )}
      </Card>
      <Modal
        open={creating}
        title={t('snap.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <ProblemAlert problem={problem} />
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void create(v)}>
          <Form.Item
            name="period"
            label={t('snap.period')}
            extra={t('snap.periodHelp')}
            rules={[
              { required: true },
              { pattern: /^\d{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2]))?$/, message: t('snap.periodHelp') },
            ]}
          >
            <Input placeholder="2025Q4" maxLength={10} />
          </Form.Item>
          <Form.Item name="reason" label={t('snap.reason')} extra={t('snap.reasonHelp')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={viewing !== null}
        width={1100}
        footer={null}
        onCancel={() => setViewing(null)}
        title={viewing ? `${viewing.period} v${viewing.version}` : ''}
      >
        {viewing ? <IndicatorTable items={viewing.items} /> : null}
      </Modal>
      <Modal
        open={compare !== null}
        width={900}
        footer={null}
        onCancel={() => setCompare(null)}
        title={compare ? t('snap.compareTitle', { a: compare.a.version, b: compare.b.version }) : ''}
      >
        {compare ? (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={compare.rows}
            rowClassName={(r) => (r.changed ? 'ant-table-row-selected' : '')}
            columns={[
              {
                title: t('ind.col.name'),
                key: 'name',
                render: (_: unknown, r) => (lang === 'zh-CN' ? r.nameZh : r.nameEn),
              },
              ...(['a', 'b'] as const).map((side) => ({
                title: `v${compare[side].version}`,
                key: side,
                align: 'right' as const,
                render: (_: unknown, r: SnapshotCompare['rows'][number]) => {
                  const v = r[side];
                  return v ? `${v.value ?? '—'}  (${v.numerator} / ${v.denominator ?? '—'})` : '—';
                },
              })),
              {
                title: '',
                key: 'changed',
                render: (_: unknown, r) => (r.changed ? <Tag color="orange">{t('snap.changed')}</Tag> : null),
              },
            ]}
          />
        ) : null}
      </Modal>
    </>
  );
}
