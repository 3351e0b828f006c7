import { DownloadOutlined, ReloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ListFooter } from '../../../components/list-footer.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { downloadText, stamp, toCsv } from '../../../lib/csv.ts';
import { fmtDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useCursorList, type PageFetcher } from '../../../lib/use-cursor-list.ts';
import { getAudit } from '../api/get-audit.ts';
import { verifyAudit } from '../api/verify-audit.ts';
import type { AuditEntry, AuditFilter, VerifyReport } from '../types.ts';

const TARGET_TYPES = ['entity', 'asset', 'user', 'import_job'];
const PAGE = 50;

function targetLink(e: AuditEntry) {
  if (!e.targetId) return e.targetType;
  if (e.targetType === 'entity') return <Link to={`/entities/${e.targetId}`}>{`entity ${e.targetId}`}</Link>;
  if (e.targetType === 'asset') return <Link to={`/assets/${e.targetId}`}>{`asset ${e.targetId}`}</Link>;
  return `${e.targetType} ${e.targetId}`;
}

/** The log pages by sequence number; adapt it to the cursor-list hook (cursor = beforeSeq). */
function fetcher(filter: AuditFilter): PageFetcher<AuditEntry> {
  return async (cursor, limit, signal) => {
    const r = await getAudit({ ...filter, beforeSeq: cursor ? Number(cursor) : undefined, limit }, signal);
    return {
      items: r.items,
      total: -1,
      nextCursor: r.nextBeforeSeq === null ? null : String(r.nextBeforeSeq),
    };
  };
}

export function AuditPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<AuditFilter>({});
  const list = useCursorList(fetcher(filter), JSON.stringify(filter), PAGE);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<unknown>();

  const verify = async () => {
    setVerifying(true);
    setVerifyError(undefined);
    try {
      setReport(await verifyAudit());
    } catch (e) {
      setVerifyError(e);
    } finally {
      setVerifying(false);
    }
  };

  const exportCsv = () => {
    downloadText(
      `audit-${stamp()}.csv`,
      toCsv(list.items, [
        { title: t('audit.seq'), value: (e) => e.seq },
        { title: t('audit.at'), value: (e) => e.at },
        { title: t('audit.actor'), value: (e) => e.actor },
        { title: t('audit.action'), value: (e) => e.action },
        { title: t('audit.target'), value: (e) => `${e.targetType} ${e.targetId ?? ''}`.trim() },
        { title: t('audit.detail'), value: (e) => e.detail },
        { title: t('audit.hash'), value: (e) => e.hash },
      ]),
    );
    void message.success(t('common.exported', { n: list.items.length }));
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80 },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      key: 'at',
      width: 180,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(v)}</span>,
    },
    { title: t('audit.actor'), dataIndex: 'actor', key: 'actor', width: 120 },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 170,
      render: (v: string) => <Tag>{v}</Tag>,
    },
    { title: t('audit.target'), key: 'target', width: 140, render: (_: unknown, e) => targetLink(e) },
    {
      title: t('audit.detail'),
      dataIndex: 'detail',
      key: 'detail',
      render: (v: string) =>
        v && v !== '{}' ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: v }}>
            {v}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.hash'),
      dataIndex: 'hash',
      key: 'hash',
      width: 150,
      render: (v: string) => (
        <Typography.Text code copyable={{ text: v }} style={{ whiteSpace: 'nowrap' }}>
          {v.slice(0, 10)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('audit.title')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={list.items.length === 0}>
              {t('common.export')}
            </Button>
            <Button
              type="primary"
              icon={<SafetyOutlined />}
              loading={verifying}
              onClick={() => void verify()}
            >
              {t('audit.verify')}
            </Button>
          </>
        }
      />
      {report ? (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          onClose={() => setReport(null)}
          type={report.ok ? 'success' : 'error'}
          message={
            report.ok
              ? t('audit.verifyOk', { n: report.entries })
              : t('audit.verifyBad', { n: report.problems.length })
          }
          description={
            report.problems.length ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {report.problems.slice(0, 20).map((p) => (
                  <li key={`${p.seq}:${p.problem}`}>
                    #{p.seq}: {p.problem}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
          data-testid="audit-verify"
        />
      ) : null}
      {verifyError ? <ErrorResult compact error={verifyError} /> : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('audit.filter.targetType')}
            value={filter.targetType}
            onChange={(v?: string) => setFilter((f) => ({ ...f, targetType: v }))}
            options={TARGET_TYPES.map((v) => ({ value: v, label: v }))}
          />
          <Input.Search
            allowClear
            style={{ width: 200 }}
            placeholder={t('audit.filter.targetId')}
            onSearch={(v) => setFilter((f) => ({ ...f, targetId: v.trim() || undefined }))}
          />
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Card>
      {list.error && list.items.length === 0 ? (
        <Card>
          <ErrorResult error={list.error} onRetry={list.reload} />
        </Card>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<AuditEntry>
            rowKey="seq"
            size="small"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{
              emptyText: list.loading ? (
                <div style={{ height: 120 }} />
              ) : (
                <Empty description={t('common.empty')} />
              ),
            }}
          />
          <ListFooter
            loaded={list.items.length}
            total={-1}
            hasMore={list.hasMore}
            loading={list.loadingMore}
            onMore={list.loadMore}
          />
        </Card>
      )}
    </>
  );
}
