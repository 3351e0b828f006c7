import {
  CloudUploadOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  FileTextOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { downloadText, stamp, toCsv } from '../../../lib/csv.ts';
import { fmtBytes, fmtDateTime } from '../../../lib/format.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { IMPORT_FORMAT_LABELS, IMPORT_FORMATS, IMPORT_TEMPLATE_KINDS } from '../../../lib/labels.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { useSession } from '../../auth/session.tsx';
import { getImport } from '../api/get-import.ts';
import { getImportRejects } from '../api/get-import-rejects.ts';
import { getImports } from '../api/get-imports.ts';
import { templateUrl } from '../api/template-url.ts';
import { uploadImport } from '../api/upload-import.ts';
import type { ImportJob, ImportReject, ImportStatus } from '../types.ts';

const POLL_MS = 400;
const STATUS_COLOR: Record<ImportStatus, string> = {
  running: 'processing',
  done: 'success',
  failed: 'error',
};

function StatusTag({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`import.status.${status}` as MessageKey)}</Tag>;
}

export function ImportPage() {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const mayUpload = can('import:run');
  const history = useAsync((signal) => getImports(signal), []);
  const [format, setFormat] = useState<string | undefined>();
  const [upload, setUpload] = useState<{ name: string; sent: number; total: number } | null>(null);
  const [uploadError, setUploadError] = useState<unknown>();
  const [jobId, setJobId] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [jobError, setJobError] = useState<unknown>();
  const [rejects, setRejects] = useState<ImportReject[] | null>(null);
  const reloadHistory = useRef(history.reload);
  reloadHistory.current = history.reload;

  // Poll the job until it is done or failed, then load its rejects.
  useEffect(() => {
    if (jobId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ac = new AbortController();
    setRejects(null);
    setJobError(undefined);
    const tick = async () => {
      try {
        const j = await getImport(jobId, ac.signal);
        if (stopped) return;
        setJob(j);
        if (j.status === 'running') {
          timer = setTimeout(() => void tick(), POLL_MS);
          return;
        }
        reloadHistory.current();
        setRejects(j.rejected > 0 ? await getImportRejects(jobId, { limit: 500 }, ac.signal) : []);
      } catch (e) {
        if (!stopped) setJobError(e);
      }
    };
    void tick();
    return () => {
      stopped = true;
      ac.abort();
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);

  const start = async (file: File) => {
    setUploadError(undefined);
    setJob(null);
    setJobId(null);
    setUpload({ name: file.name, sent: 0, total: file.size });
    try {
      const j = await uploadImport(file, {
        format,
        onProgress: (sent, total) => setUpload({ name: file.name, sent, total }),
      });
      setUpload(null);
      setJob(j);
      setJobId(j.jobId);
    } catch (e) {
      setUpload(null);
      setUploadError(e);
    }
  };

  const exportRejects = async () => {
    if (jobId === null) return;
    try {
      const all: ImportReject[] = [];
      for (let offset = 0; ; offset += 10000) {
        const page = await getImportRejects(jobId, { limit: 10000, offset });
        all.push(...page);
        if (page.length < 10000) break;
      }
      downloadText(
        `import-${jobId}-rejects-${stamp()}.csv`,
        toCsv(all, [
          { title: t('import.reject.ref'), value: (r) => r.ref },
          { title: t('import.reject.field'), value: (r) => r.field },
          { title: t('import.reject.reason'), value: (r) => r.reason },
        ]),
      );
      void message.success(t('common.exported', { n: all.length }));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const busy = !!upload || job?.status === 'running';
  let percent = 0;
  let progressText = '';
  if (upload) {
    percent = upload.total ? Math.floor((upload.sent / upload.total) * 100) : 0;
    progressText = `${t('import.uploading', { name: upload.name })} · ${fmtBytes(upload.sent)} / ${fmtBytes(upload.total)}`;
  } else if (job) {
    if (job.status !== 'running') percent = 100;
    else if (job.progress && job.progress.bytesTotal > 0)
      percent = Math.min(99, Math.floor((job.progress.bytesRead / job.progress.bytesTotal) * 100));
    progressText =
      job.status === 'running'
        ? `${t('import.running', { name: job.file })}${job.progress ? ` · ${fmtBytes(job.progress.bytesRead)} / ${fmtBytes(job.progress.bytesTotal)}` : ''}`
        : job.file;
  }

  const rejectColumns: TableColumnsType<ImportReject> = [
    { title: t('import.reject.ref'), dataIndex: 'ref', key: 'ref', width: 200 },
    {
      title: t('import.reject.field'),
      dataIndex: 'field',
      key: 'field',
      width: 180,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('import.reject.reason'), dataIndex: 'reason', key: 'reason' },
  ];

  const historyColumns: TableColumnsType<ImportJob> = [
    { title: t('common.id'), dataIndex: 'jobId', key: 'jobId', width: 70 },
    { title: t('import.file'), dataIndex: 'file', key: 'file', ellipsis: true },
    {
      title: t('import.format'),
      dataIndex: 'format',
      key: 'format',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('import.status'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (s: ImportStatus) => <StatusTag status={s} />,
    },
    { title: t('import.total'), dataIndex: 'total', key: 'total', align: 'right', width: 90 },
    { title: t('import.inserted'), dataIndex: 'inserted', key: 'inserted', align: 'right', width: 80 },
    { title: t('import.updated'), dataIndex: 'updated', key: 'updated', align: 'right', width: 80 },
    { title: t('import.unchanged'), dataIndex: 'unchanged', key: 'unchanged', align: 'right', width: 90 },
    { title: t('import.rejected'), dataIndex: 'rejected', key: 'rejected', align: 'right', width: 80 },
    {
      title: t('import.startedAt'),
      dataIndex: 'startedAt',
      key: 'startedAt',
      width: 170,
      render: (v: string) => fmtDateTime(v),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_: unknown, j) => (
        <Button size="small" type="link" onClick={() => setJobId(j.jobId)} disabled={j.jobId === jobId}>
          {t('import.show')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageTitle title={t('import.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('import.upload')}>
            {mayUpload ? (
              <Space direction="vertical" size={16} style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text>{t('import.format')}</Typography.Text>
                  <Select
                    allowClear
                    style={{ width: 260 }}
                    placeholder={t('import.format.auto')}
                    value={format}
                    onChange={(v?: string) => setFormat(v)}
                    options={IMPORT_FORMATS.map((f) => ({ value: f, label: label(IMPORT_FORMAT_LABELS[f]) }))}
                    data-testid="import-format"
                  />
                </Space>
                <Upload.Dragger
                  name="file"
                  multiple={false}
                  showUploadList={false}
                  disabled={busy}
                  beforeUpload={(file) => {
                    void start(file);
                    return false;
                  }}
                  data-testid="import-upload"
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('import.drag')}</p>
                  <p className="ant-upload-hint">{t('import.dragHint')}</p>
                </Upload.Dragger>
              </Space>
            ) : (
              <Alert type="info" showIcon message={t('import.noPermission')} />
            )}
            {uploadError ? <ErrorResult compact error={uploadError} /> : null}
            {upload || job ? (
              <div style={{ marginTop: 24 }} data-testid="import-progress">
                <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                  <Typography.Text strong>
                    <CloudUploadOutlined /> {progressText}
                  </Typography.Text>
                  {job ? <StatusTag status={job.status} /> : null}
                </Space>
                <Progress
                  percent={percent}
                  status={
                    job?.status === 'failed' ? 'exception' : job?.status === 'done' ? 'success' : 'active'
                  }
                />
              </div>
            ) : null}
            {jobError ? <ErrorResult compact error={jobError} /> : null}
            {job && job.status !== 'running' ? <JobSummary job={job} /> : null}
          </Card>
          {job && job.status !== 'running' ? (
            <Card
              title={t('import.rejects')}
              style={{ marginTop: 16 }}
              extra={
                job.rejected > 0 ? (
                  <Button icon={<DownloadOutlined />} onClick={() => void exportRejects()}>
                    {t('common.export')}
                  </Button>
                ) : undefined
              }
            >
              <Table<ImportReject>
                size="small"
                rowKey={(r) => `${r.ref}:${r.field ?? ''}:${r.reason}`}
                columns={rejectColumns}
                dataSource={rejects ?? []}
                loading={rejects === null}
                pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
                locale={{
                  emptyText: (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('import.rejects.none')} />
                  ),
                }}
                data-testid="import-rejects"
              />
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('import.templates')}>
            <Typography.Paragraph type="secondary">{t('import.templatesHint')}</Typography.Paragraph>
            <List
              dataSource={[...IMPORT_TEMPLATE_KINDS]}
              renderItem={(k) => (
                <List.Item
                  actions={[
                    <a key="csv" href={templateUrl(k, 'csv')} download>
                      <FileTextOutlined /> CSV
                    </a>,
                    <a key="xlsx" href={templateUrl(k, 'xlsx')} download>
                      <FileExcelOutlined /> XLSX
                    </a>,
                  ]}
                >
                  {t(`import.template.${k}` as MessageKey)}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('import.history')} styles={{ body: { padding: 0 } }}>
            {history.error ? (
              <ErrorResult compact error={history.error} onRetry={history.reload} />
            ) : (
              <Table<ImportJob>
                rowKey="jobId"
                size="small"
                columns={historyColumns}
                dataSource={history.data ?? []}
                loading={history.loading && !history.data}
                pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
                scroll={{ x: 1100 }}
                locale={{
                  emptyText: (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('import.history.empty')} />
                  ),
                }}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

function JobSummary({ job }: { job: ImportJob }) {
  const { t, lang } = useI18n();
  const stats: { key: 'total' | 'inserted' | 'updated' | 'unchanged' | 'rejected'; color?: string }[] = [
    { key: 'total' },
    { key: 'inserted', color: '#389e0d' },
    { key: 'updated', color: '#1677ff' },
    { key: 'unchanged', color: '#8c8c8c' },
    { key: 'rejected', color: job.rejected ? '#cf1322' : '#8c8c8c' },
  ];
  return (
    <div style={{ marginTop: 16 }} data-testid="import-summary">
      {job.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('import.failed', { error: job.error ?? '' })}
        />
      ) : (
        <Alert
          type={job.rejected ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          message={t('import.done', {
            inserted: job.inserted,
            updated: job.updated,
            unchanged: job.unchanged,
            rejected: job.rejected,
          })}
          data-testid="import-done"
        />
      )}
      <Row gutter={16}>
        {stats.map((s) => (
          <Col key={s.key} flex="1 1 120px" style={{ marginBottom: 12 }}>
            <Card size="small" data-testid={`import-${s.key}`}>
              <Statistic
                title={t(`import.${s.key}`)}
                value={job[s.key]}
                valueStyle={s.color ? { color: s.color } : undefined}
                formatter={(v) => Number(v).toLocaleString(lang)}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'file', label: t('import.file'), children: job.file },
          { key: 'format', label: t('import.format'), children: job.format ?? '—' },
          { key: 'started', label: t('import.startedAt'), children: fmtDateTime(job.startedAt) },
          { key: 'finished', label: t('import.finishedAt'), children: fmtDateTime(job.finishedAt) },
        ]}
      />
    </div>
  );
}
