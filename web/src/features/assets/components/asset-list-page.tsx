import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { STATUS_LABELS } from '../../../../../src/domain/lifecycle/status.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { downloadText, stamp, toCsv } from '../../../lib/csv.ts';
import { fmtDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import {
  ASSET_KIND_LABELS,
  ASSET_KINDS,
  SUB_TYPE_LABELS,
  SUB_TYPES_OF,
  type AssetKind,
} from '../../../lib/labels.ts';
import { fetchAllPages, useCursorList, type PageFetcher } from '../../../lib/use-cursor-list.ts';
import { useSession } from '../../auth/session.tsx';
import { getAssets } from '../api/get-assets.ts';
import type { Asset, AssetFilter } from '../types.ts';
import { AssetTable } from './asset-table.tsx';
import { mainNumber } from './asset-number.ts';

const FILTER_KEYS = ['q', 'kind', 'subType', 'status', 'sort'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export function AssetListPage() {
  const { t, label, code, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter: AssetFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  const fetchPage: PageFetcher<Asset> = (cursor, limit, signal) =>
    getAssets({ ...filter, cursor, limit }, signal);
  const list = useCursorList(fetchPage, JSON.stringify(filter));
  const [qDraft, setQDraft] = useState(filter.q ?? '');
  const [exporting, setExporting] = useState(false);

  const set = (changes: Partial<Record<FilterKey, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const subTypes = filter.kind
    ? (SUB_TYPES_OF[filter.kind as AssetKind] ?? [])
    : Object.values(SUB_TYPES_OF).flat();

  const exportCsv = async () => {
    setExporting(true);
    const key = 'export';
    try {
      const rows = await fetchAllPages<Asset>(
        (cursor, limit) => getAssets({ ...filter, cursor, limit }),
        (n, total) =>
          void message.loading({ key, content: t('common.exporting', { n, total }), duration: 0 }),
      );
      const csv = toCsv(rows, [
        { title: t('common.id'), value: (a) => a.id },
        { title: t('asset.field.kind'), value: (a) => code(ASSET_KIND_LABELS, a.kind) },
        { title: t('asset.field.subType'), value: (a) => code(SUB_TYPE_LABELS, a.subType) },
        { title: t('asset.field.office'), value: (a) => a.office },
        { title: t('asset.field.title'), value: (a) => a.title },
        { title: t('asset.field.number'), value: (a) => mainNumber(a) },
        { title: t('asset.field.applicationNumber'), value: (a) => a.applicationNumber },
        { title: t('asset.field.publicationNumber'), value: (a) => a.publicationNumber },
        { title: t('asset.field.registrationNumber'), value: (a) => a.registrationNumber },
        { title: t('asset.field.filingDate'), value: (a) => a.filingDate },
        { title: t('asset.field.publicationDate'), value: (a) => a.publicationDate },
        { title: t('asset.field.grantDate'), value: (a) => a.grantDate },
        { title: t('asset.field.registrationDate'), value: (a) => a.registrationDate },
        { title: t('asset.field.expiryDate'), value: (a) => a.expiryDate },
        { title: t('asset.field.status'), value: (a) => code(STATUS_LABELS, a.status) },
        { title: t('asset.field.owners'), value: (a) => a.owners.map((o) => o.name).join('；') },
        { title: t('asset.field.ipc'), value: (a) => a.ipc.join(' ') },
        { title: t('asset.field.niceClasses'), value: (a) => a.niceClasses.join(' ') },
        { title: t('common.updatedAt'), value: (a) => fmtDate(a.updatedAt) },
      ]);
      downloadText(`ip-assets-${stamp()}.csv`, csv);
      void message.success({ key, content: t('common.exported', { n: rows.length }) });
    } catch (e) {
      void message.error({ key, content: e instanceof Error ? e.message : String(e) });
    } finally {
      setExporting(false);
    }
  };

  const filtered = !!(filter.q || filter.kind || filter.subType || filter.status);

  return (
    <>
      <PageTitle
        title={t('asset.list.title')}
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
            {can('registry:write', 'registry:write_own') ? (
              <Link to="/assets/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('asset.new')}
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
            style={{ width: 340 }}
            placeholder={t('asset.search.placeholder')}
            value={qDraft}
            onChange={(e) => setQDraft(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            enterButton={t('common.search')}
          />
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('asset.filter.kind')}
            value={filter.kind}
            onChange={(v?: string) => set({ kind: v, subType: undefined })}
            options={ASSET_KINDS.map((k) => ({ value: k, label: label(ASSET_KIND_LABELS[k]) }))}
          />
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder={t('asset.filter.subType')}
            value={filter.subType}
            onChange={(v?: string) => set({ subType: v })}
            options={subTypes.map((s) => ({ value: s, label: code(SUB_TYPE_LABELS, s) }))}
          />
          <Select
            allowClear
            style={{ width: 170 }}
            placeholder={t('asset.filter.status')}
            value={filter.status}
            onChange={(v?: string) => set({ status: v })}
            options={Object.entries(STATUS_LABELS).map(([value, l]) => ({ value, label: label(l) }))}
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
          <AssetTable list={list} sort={filter.sort} onSort={(s) => set({ sort: s })} filtered={filtered} />
        </Card>
      )}
    </>
  );
}
