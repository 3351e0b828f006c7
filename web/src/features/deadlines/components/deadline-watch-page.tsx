import { DownloadOutlined, ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Popconfirm,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { STATUS_LABELS } from '../../../../../src/domain/lifecycle/status.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { DeadlineStateTag, StatusTag, SubTypeTag } from '../../../components/label-tag.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { downloadText, stamp, toCsv } from '../../../lib/csv.ts';
import { fmtDate, fmtMoney } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import {
  DEADLINE_KIND_LABELS,
  DEADLINE_KINDS,
  DEADLINE_STATE_LABELS,
  FEE_STATE_LABELS,
  RENEWAL_STATE_LABELS,
  SUB_TYPE_LABELS,
} from '../../../lib/labels.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { useSession } from '../../auth/session.tsx';
import { EntityPicker } from '../../entities/components/entity-picker.tsx';
import { getDeadlines } from '../api/get-deadlines.ts';
import { recomputeDeadlines } from '../api/recompute-deadlines.ts';
import type { DeadlineFilter, DeadlineItem } from '../types.ts';

const PAGE_SIZE = 20;
/** What needs acting on now: fees in their grace period and fees due. */
const DEFAULT_STATES = ['in_grace', 'open'];

/** The filter lives in the URL, so that "back" from a right returns to the same list. */
function filterOf(params: URLSearchParams): DeadlineFilter {
  const f: DeadlineFilter = {
    // no `state` at all = the default; an empty one = every state
    state: params.has('state') ? (params.get('state') ?? '').split(',').filter(Boolean) : DEFAULT_STATES,
  };
  const kind = params.get('kind');
  if (kind) f.kind = kind;
  const from = params.get('dueFrom');
  if (from) f.dueFrom = from;
  const to = params.get('dueTo');
  if (to) f.dueTo = to;
  const entity = Number(params.get('entityId'));
  if (Number.isInteger(entity) && entity > 0) f.entityId = entity;
  return f;
}

export function DeadlineWatchPage() {
  const { t, label, code, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { data, error, loading, reload } = useAsync(
    (signal) => getDeadlines({ ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [JSON.stringify(filter), page],
  );
  const [exporting, setExporting] = useState(false);
  const [recomputing, setRecomputing] = useState(false);

  const set = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete('page');
    setParams(next, { replace: true });
  };

  const stateText = (r: Pick<DeadlineItem, 'kind' | 'state'>) =>
    code(r.kind === 'annual_fee' ? FEE_STATE_LABELS : RENEWAL_STATE_LABELS, r.state);
  const periodText = (r: Pick<DeadlineItem, 'kind' | 'period'>) =>
    r.kind === 'annual_fee' ? t('deadline.yearN', { n: r.period }) : t('deadline.termN', { n: r.period });

  const exportCsv = async () => {
    setExporting(true);
    const key = 'export';
    try {
      const rows: DeadlineItem[] = [];
      for (let offset = 0; ; offset += 500) {
        const p = await getDeadlines({ ...filter, limit: 500, offset });
        rows.push(...p.items);
        void message.loading({
          key,
          content: t('common.exporting', { n: rows.length, total: p.total }),
          duration: 0,
        });
        if (p.items.length < 500 || offset + 500 >= p.total) break;
      }
      downloadText(
        `deadlines-${stamp()}.csv`,
        toCsv(rows, [
          { title: t('watch.col.due'), value: (r) => r.dueDate },
          { title: t('watch.col.kind'), value: (r) => code(DEADLINE_KIND_LABELS, r.kind) },
          { title: t('watch.col.period'), value: (r) => periodText(r) },
          { title: t('asset.field.number'), value: (r) => r.asset.number },
          { title: t('asset.field.title'), value: (r) => r.asset.title },
          { title: t('asset.field.subType'), value: (r) => code(SUB_TYPE_LABELS, r.asset.subType) },
          { title: t('deadline.col.amount'), value: (r) => r.amount },
          { title: t('deadline.col.reducedAmount'), value: (r) => r.reducedAmount },
          { title: t('watch.col.grace'), value: (r) => r.graceEnd },
          { title: t('watch.col.state'), value: (r) => stateText(r) },
          { title: t('asset.field.status'), value: (r) => code(STATUS_LABELS, r.asset.status) },
          { title: t('asset.field.owners'), value: (r) => r.asset.owners.map((o) => o.name).join('；') },
          { title: t('common.id'), value: (r) => r.assetId },
        ]),
      );
      void message.success({ key, content: t('common.exported', { n: rows.length }) });
    } catch (e) {
      void message.error({ key, content: e instanceof Error ? e.message : String(e) });
    } finally {
      setExporting(false);
    }
  };

  const recompute = async () => {
    setRecomputing(true);
    try {
      const r = await recomputeDeadlines();
      void message.success(
        t('watch.recomputed', {
          assets: r.assets.toLocaleString(lang),
          deadlines: r.deadlines.toLocaleString(lang),
        }),
      );
      reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setRecomputing(false);
    }
  };

  const columns: TableColumnsType<DeadlineItem> = [
    {
      title: t('watch.col.due'),
      dataIndex: 'dueDate',
      key: 'dueDate',
      width: 110,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    {
      title: t('watch.col.asset'),
      key: 'asset',
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/assets/${r.assetId}`}>{r.asset.title ?? r.asset.number ?? `#${r.assetId}`}</Link>
          <Space size={4} wrap>
            <SubTypeTag subType={r.asset.subType} />
            {r.asset.number ? <Typography.Text code>{r.asset.number}</Typography.Text> : null}
          </Space>
        </Space>
      ),
    },
    {
      title: t('watch.col.period'),
      key: 'period',
      width: 130,
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0} style={{ whiteSpace: 'nowrap' }}>
          <span>{periodText(r)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {code(DEADLINE_KIND_LABELS, r.kind)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('watch.col.amount'),
      key: 'amount',
      align: 'right',
      width: 110,
      render: (_: unknown, r) =>
        r.reducedAmount === null ? (
          '—'
        ) : r.amount !== null && r.reducedAmount < r.amount ? (
          <Tooltip title={`${t('deadline.col.amount')} ${fmtMoney(r.amount, lang)}`}>
            <Typography.Text type="success" style={{ whiteSpace: 'nowrap' }}>
              {fmtMoney(r.reducedAmount, lang)}
            </Typography.Text>
          </Tooltip>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>{fmtMoney(r.reducedAmount, lang)}</span>
        ),
    },
    {
      title: t('watch.col.grace'),
      dataIndex: 'graceEnd',
      key: 'graceEnd',
      width: 110,
      render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{fmtDate(v)}</span>,
    },
    {
      title: t('watch.col.state'),
      key: 'state',
      width: 130,
      render: (_: unknown, r) => <DeadlineStateTag state={r.state} kind={r.kind} />,
    },
    {
      title: t('asset.field.status'),
      key: 'status',
      width: 100,
      render: (_: unknown, r) => <StatusTag status={r.asset.status} />,
    },
    {
      title: t('asset.field.owners'),
      key: 'owners',
      width: 220,
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0}>
          {r.asset.owners.slice(0, 3).map((o, i) =>
            o.entityId ? (
              <Link key={i} to={`/entities/${o.entityId}`}>
                {o.name}
              </Link>
            ) : (
              <Typography.Text key={i}>{o.name}</Typography.Text>
            ),
          )}
          {r.asset.owners.length > 3 ? (
            <Typography.Text type="secondary">+{r.asset.owners.length - 3}</Typography.Text>
          ) : null}
        </Space>
      ),
    },
  ];

  const isDefault =
    !params.has('state') && !filter.kind && !filter.dueFrom && !filter.dueTo && !filter.entityId;

  return (
    <>
      <PageTitle
        title={t('watch.title')}
        sub={data ? t('common.total', { total: data.total.toLocaleString(lang) }) : t('common.loading')}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void exportCsv()}
              loading={exporting}
              disabled={!data?.total}
            >
              {t('common.export')}
            </Button>
            {can('registry:write') ? (
              <Popconfirm
                title={t('watch.recompute')}
                description={<div style={{ maxWidth: 300 }}>{t('watch.recomputeConfirm')}</div>}
                onConfirm={() => void recompute()}
                okText={t('watch.recompute')}
                cancelText={t('common.cancel')}
              >
                <Button type="primary" icon={<SyncOutlined />} loading={recomputing}>
                  {t('watch.recompute')}
                </Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      <Alert
        type="info"
        showIcon
        message={can('registry:write') ? `${t('watch.hint')} ${t('watch.hintRecompute')}` : t('watch.hint')}
        style={{ marginBottom: 16 }}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 260, maxWidth: 480 }}
            placeholder={`${t('watch.filter.state')}: ${t('common.all')}`}
            value={filter.state}
            onChange={(v: string[]) => set({ state: v.join(',') })}
            options={Object.entries(DEADLINE_STATE_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
            maxTagCount="responsive"
            data-testid="watch-state"
          />
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder={t('watch.filter.kind')}
            value={filter.kind}
            onChange={(v?: string) => set({ kind: v })}
            options={DEADLINE_KINDS.map((k) => ({ value: k, label: label(DEADLINE_KIND_LABELS[k]) }))}
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={[t('watch.filter.dueFrom'), t('watch.filter.dueTo')]}
            value={[filter.dueFrom ? dayjs(filter.dueFrom) : null, filter.dueTo ? dayjs(filter.dueTo) : null]}
            onChange={(v) =>
              set({
                dueFrom: v?.[0]?.format('YYYY-MM-DD'),
                dueTo: v?.[1]?.format('YYYY-MM-DD'),
              })
            }
          />
          <EntityPicker
            style={{ width: 260 }}
            placeholder={t('watch.filter.entity')}
            value={filter.entityId ?? null}
            onChange={(id) => set({ entityId: id ? String(id) : undefined })}
          />
          <Button
            icon={<ReloadOutlined />}
            disabled={isDefault}
            onClick={() => setParams(new URLSearchParams(), { replace: true })}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Card>
      {error ? (
        <Card>
          <ErrorResult error={error} onRetry={reload} />
        </Card>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<DeadlineItem>
            rowKey={(r) => `${r.assetId}:${r.kind}:${r.period}`}
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            scroll={{ x: 1100 }}
            onRow={(r) => ({
              style: { cursor: 'pointer' },
              onClick: (e) => {
                // a link in the row (the right, an owner) goes where it says
                if ((e.target as HTMLElement).closest('a')) return;
                void navigate(`/assets/${r.assetId}`);
              },
            })}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => set({ page: p > 1 ? String(p) : undefined }, true),
              showTotal: (total) => t('common.total', { total: total.toLocaleString(lang) }),
              style: { padding: '0 16px' },
            }}
            locale={{
              emptyText: loading ? <div style={{ height: 120 }} /> : <Empty description={t('watch.empty')} />,
            }}
          />
        </Card>
      )}
    </>
  );
}
