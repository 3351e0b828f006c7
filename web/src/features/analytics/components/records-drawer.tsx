import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { StatusTag, SubTypeTag } from '../../../components/label-tag.tsx';
import { ListFooter } from '../../../components/list-footer.tsx';
import { fmtDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { fetchAllPages, useCursorList, type PageFetcher } from '../../../lib/use-cursor-list.ts';
import { fetchRecords } from '../api/dashboard.ts';
import type { DashFilters, DrillTarget, RecordRow } from '../types.ts';
import { exportCsv } from './export.ts';

const PAGE = 50;
const EXPORT_MAX = 20_000;

const numberOf = (r: RecordRow) =>
  r.kind === 'patent'
    ? (r.application_number ?? r.publication_number ?? '—')
    : (r.registration_number ?? r.application_number ?? '—');

/** The records behind a number: the same filters plus the clicked value, paged, each linking to its right. */
export function RecordsDrawer({
  filters,
  target,
  onClose,
}: {
  filters: DashFilters;
  target: DrillTarget | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const fetchPage: PageFetcher<RecordRow> = (cursor, limit, signal) =>
    target
      ? fetchRecords(filters, target, cursor, limit, signal)
      : Promise.resolve({ items: [], total: 0, nextCursor: null });
  const list = useCursorList(fetchPage, JSON.stringify({ filters, target }), PAGE);

  const exportAll = async () => {
    if (!target) return;
    setExporting(true);
    try {
      const rows = await fetchAllPages<RecordRow>(
        (cursor, limit) => fetchRecords(filters, target, cursor, limit),
        undefined,
        500,
      );
      exportCsv('zhihui-records', {
        columns: [
          t('dash.rec.number'),
          t('dash.rec.title'),
          t('dash.rec.subType'),
          t('dash.rec.owner'),
          t('dash.rec.filing'),
          t('dash.rec.grant'),
          t('dash.rec.status'),
          'IPC',
        ],
        rows: rows
          .slice(0, EXPORT_MAX)
          .map((r) => [
            numberOf(r),
            r.title,
            r.sub_type,
            r.owner,
            r.filing_date,
            r.grant_date,
            r.status,
            r.ipc_main,
          ]),
      });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      width={880}
      title={target?.caption}
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void exportAll()}
          loading={exporting}
          disabled={list.total === 0}
        >
          {t('dash.export.csv')}
        </Button>
      }
      data-testid="records-drawer"
    >
      {list.error ? (
        <Alert
          type="error"
          showIcon
          message={list.error instanceof Error ? list.error.message : String(list.error)}
        />
      ) : null}
      <Typography.Paragraph type="secondary">
        {t('dash.rec.count', { n: list.total.toLocaleString() })}
      </Typography.Paragraph>
      <Table<RecordRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: t('dash.empty') }}
        columns={[
          {
            title: t('dash.rec.number'),
            key: 'number',
            width: 160,
            render: (_, r) => (
              <Link to={`/assets/${r.id}`} style={{ whiteSpace: 'nowrap' }}>
                {numberOf(r)}
              </Link>
            ),
          },
          { title: t('dash.rec.title'), dataIndex: 'title', ellipsis: true },
          { title: t('dash.rec.subType'), key: 'st', render: (_, r) => <SubTypeTag subType={r.sub_type} /> },
          {
            title: t('dash.rec.owner'),
            key: 'owner',
            ellipsis: true,
            render: (_, r) => <Link to={`/entities/${r.entity_id}`}>{r.owner}</Link>,
          },
          { title: t('dash.rec.filing'), key: 'f', width: 100, render: (_, r) => fmtDate(r.filing_date) },
          { title: t('dash.rec.grant'), key: 'g', width: 100, render: (_, r) => fmtDate(r.grant_date) },
          { title: t('dash.rec.status'), key: 's', render: (_, r) => <StatusTag status={r.status} /> },
        ]}
      />
      <Space style={{ width: '100%' }} direction="vertical">
        <ListFooter
          loaded={list.items.length}
          total={list.total}
          hasMore={list.hasMore}
          loading={list.loadingMore}
          onMore={list.loadMore}
        />
      </Space>
    </Drawer>
  );
}
