import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ENTITY_FLAG_LABELS, ENTITY_KIND_LABELS } from '../../../../../src/domain/registry/entity.ts';
import { ListFooter } from '../../../components/list-footer.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { downloadText, stamp, toCsv } from '../../../lib/csv.ts';
import { fmtDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fetchAllPages, useCursorList, type PageFetcher } from '../../../lib/use-cursor-list.ts';
import { useSession } from '../../auth/session.tsx';
import { getEntities } from '../api/get-entities.ts';
import type { Entity, EntityFilter } from '../types.ts';
import { useStreets } from './use-streets.ts';

const FILTER_KEYS = ['q', 'kind', 'streetCode', 'flag', 'sort'] as const;

export function EntityListPage() {
  const { t, label, code, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { streets, byCode } = useStreets();
  const filter: EntityFilter = Object.fromEntries(
    FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v),
  ) as EntityFilter;
  const key = JSON.stringify(filter);
  const fetchPage: PageFetcher<Entity> = (cursor, limit, signal) =>
    getEntities({ ...filter, cursor, limit }, signal);
  const list = useCursorList(fetchPage, key);
  const [qDraft, setQDraft] = useState(filter.q ?? '');
  const [exporting, setExporting] = useState(false);

  const set = (k: (typeof FILTER_KEYS)[number], v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const sortKey = filter.sort?.replace(/^-/, '');
  const sortOrder = (col: string) =>
    sortKey === col ? (filter.sort?.startsWith('-') ? 'descend' : 'ascend') : null;

  const columns: TableColumnsType<Entity> = [
    {
      title: t('entity.field.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_: unknown, e: Entity) => (
        <Space size={4} wrap>
          <Link to={`/entities/${e.id}`}>{e.name}</Link>
          {e.isDemo ? <Tag bordered={false}>{t('common.demo')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('entity.field.uscc'),
      dataIndex: 'uscc',
      key: 'uscc',
      width: 210,
      sorter: true,
      sortOrder: sortOrder('uscc'),
      render: (v: string | null) => (
        <Typography.Text code={!!v} style={{ whiteSpace: 'nowrap' }}>
          {v ?? '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('entity.field.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (v: string) => code(ENTITY_KIND_LABELS, v),
    },
    {
      title: t('entity.field.street'),
      dataIndex: 'streetCode',
      key: 'streetCode',
      render: (v: string | null) => (v ? (byCode.get(v) ?? v) : '—'),
    },
    {
      title: t('entity.field.flags'),
      dataIndex: 'flags',
      key: 'flags',
      render: (flags: string[]) =>
        flags.length ? (
          <Space size={[0, 4]} wrap>
            {flags.map((f) => (
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
      title: t('entity.field.assetCount'),
      dataIndex: 'assetCount',
      key: 'assetCount',
      align: 'right' as const,
    },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      render: (v: string) => fmtDate(v),
    },
  ];

  const onTableChange: TableProps<Entity>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s || !s.order || !s.columnKey) set('sort', undefined);
    else set('sort', `${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}`);
  };

  const exportCsv = async () => {
    setExporting(true);
    const key = 'export';
    try {
      const rows = await fetchAllPages<Entity>(
        (cursor, limit) => getEntities({ ...filter, cursor, limit }),
        (n, total) =>
          void message.loading({ key, content: t('common.exporting', { n, total }), duration: 0 }),
      );
      const csv = toCsv(rows, [
        { title: t('common.id'), value: (e) => e.id },
        { title: t('entity.field.name'), value: (e) => e.name },
        { title: t('entity.field.uscc'), value: (e) => e.uscc },
        { title: t('entity.field.kind'), value: (e) => code(ENTITY_KIND_LABELS, e.kind) },
        { title: t('entity.field.industry'), value: (e) => e.industry },
        {
          title: t('entity.field.street'),
          value: (e) => (e.streetCode ? (byCode.get(e.streetCode) ?? e.streetCode) : ''),
        },
        { title: t('entity.field.address'), value: (e) => e.address },
        {
          title: t('entity.field.flags'),
          value: (e) => e.flags.map((f) => code(ENTITY_FLAG_LABELS, f)).join('；'),
        },
        { title: t('entity.field.formerNames'), value: (e) => e.formerNames.join('；') },
        { title: t('entity.field.assetCount'), value: (e) => e.assetCount },
        { title: t('common.updatedAt'), value: (e) => fmtDate(e.updatedAt) },
      ]);
      downloadText(`entities-${stamp()}.csv`, csv);
      void message.success({ key, content: t('common.exported', { n: rows.length }) });
    } catch (e) {
      void message.error({ key, content: e instanceof Error ? e.message : String(e) });
    } finally {
      setExporting(false);
    }
  };

  const filtered = FILTER_KEYS.some((k) => k !== 'sort' && filter[k]);

  return (
    <>
      <PageTitle
        title={t('entity.list.title')}
        sub={
          list.loading ? t('common.loading') : t('common.total', { total: list.total.toLocaleString(lang) })
        }
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void exportCsv()}
              loading={exporting}
              disabled={list.total === 0}
            >
              {t('common.export')}
            </Button>
            {can('registry:write') ? (
              <Link to="/entities/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('entity.new')}
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Input.Search
            allowClear
            style={{ width: 320 }}
            placeholder={t('entity.search.placeholder')}
            value={qDraft}
            onChange={(e) => setQDraft(e.target.value)}
            onSearch={(v) => set('q', v.trim() || undefined)}
            enterButton={t('common.search')}
            aria-label={t('common.search')}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('entity.filter.kind')}
            value={filter.kind}
            onChange={(v?: string) => set('kind', v)}
            options={Object.entries(ENTITY_KIND_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 180 }}
            placeholder={t('entity.filter.street')}
            value={filter.streetCode}
            onChange={(v?: string) => set('streetCode', v)}
            options={streets.map((s) => ({ value: s.code, label: s.name }))}
          />
          <Select
            allowClear
            style={{ width: 180 }}
            placeholder={t('entity.filter.flag')}
            value={filter.flag}
            onChange={(v?: string) => set('flag', v)}
            options={Object.entries(ENTITY_FLAG_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setQDraft('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Card>
      {list.error && list.items.length === 0 ? (
        <Card>
          <ErrorResult error={list.error} onRetry={list.reload} />
        </Card>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Entity>
            rowKey="id"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={false}
            onChange={onTableChange}
            scroll={{ x: 960 }}
            locale={{
              emptyText: list.loading ? (
                <div style={{ height: 160 }} />
              ) : (
                <Empty description={filtered ? t('common.noMatch') : t('common.empty')} />
              ),
            }}
          />
          <ListFooter
            loaded={list.items.length}
            total={list.total}
            hasMore={list.hasMore}
            loading={list.loadingMore}
            onMore={list.loadMore}
          />
        </Card>
      )}
    </>
  );
}
