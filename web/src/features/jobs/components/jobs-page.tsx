import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { fmtDateTime } from '../../../lib/format.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { getJobs } from '../api/get-jobs.ts';
import { runJob } from '../api/run-job.ts';
import type { Job, JobRun } from '../types.ts';

const STATUS_COLOR: Record<string, string> = { running: 'processing', done: 'success', failed: 'error' };

const duration = (ms: number | null): string =>
  ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;

/** 系统管理 → 定时任务: each job's schedule, next run, latest runs with status, duration and error; run now. */
export function JobsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useAsync((signal) => getJobs(signal), []);
  const [running, setRunning] = useState<string | null>(null);

  const status = (s: string) => (
    <Tag color={STATUS_COLOR[s] ?? 'default'}>{t(`notifications.jobs.status.${s}` as MessageKey) ?? s}</Tag>
  );
  const trigger = (s: string | null) => (s ? t(`notifications.jobs.trigger.${s}` as MessageKey) : '—');

  const runNow = async (job: Job) => {
    setRunning(job.name);
    const hide = message.loading(t('notifications.jobs.running', { name: label(job.title) }), 0);
    try {
      const r = await runJob(job.name);
      void (r.status === 'done' ? message.success : message.error)(
        t('notifications.jobs.ran', {
          name: label(job.title),
          status: t(`notifications.jobs.status.${r.status}` as MessageKey),
          items: r.items,
        }),
      );
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      hide();
      setRunning(null);
      reload();
    }
  };

  const runColumns: TableColumnsType<JobRun> = [
    {
      title: t('notifications.jobs.col.last'),
      dataIndex: 'startedAt',
      key: 'startedAt',
      render: fmtDateTime,
    },
    { title: t('notifications.jobs.col.trigger'), dataIndex: 'trigger', key: 'trigger', render: trigger },
    { title: t('notifications.jobs.col.status'), dataIndex: 'status', key: 'status', render: status },
    {
      title: t('notifications.jobs.col.duration'),
      dataIndex: 'durationMs',
      key: 'duration',
      render: duration,
    },
    { title: t('notifications.jobs.col.items'), dataIndex: 'items', key: 'items', align: 'right' },
    {
      title: t('notifications.jobs.col.error'),
      dataIndex: 'error',
      key: 'error',
      render: (v: string | null) =>
        v ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 360 }}>
            {v}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  const columns: TableColumnsType<Job> = [
    {
      title: t('notifications.jobs.col.job'),
      key: 'job',
      render: (_: unknown, j) => (
        <>
          <div>{label(j.title)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
            {j.name}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('notifications.jobs.col.schedule'),
      key: 'cron',
      render: (_: unknown, j) => (
        <Tooltip title={j.timeZone}>
          <Typography.Text code>{j.cron}</Typography.Text>
        </Tooltip>
      ),
    },
    { title: t('notifications.jobs.col.next'), dataIndex: 'nextRun', key: 'next', render: fmtDateTime },
    {
      title: t('notifications.jobs.col.last'),
      key: 'last',
      render: (_: unknown, j) => {
        const last = j.lastRuns[0];
        if (!last) return <Typography.Text type="secondary">{t('notifications.jobs.never')}</Typography.Text>;
        return (
          <>
            {status(last.status)} {fmtDateTime(last.startedAt)} · {duration(last.durationMs)}
          </>
        );
      },
    },
    {
      title: '',
      key: 'run',
      width: 130,
      render: (_: unknown, j) => (
        <Button
          icon={<PlayCircleOutlined />}
          loading={running === j.name}
          disabled={running !== null && running !== j.name}
          onClick={() => void runNow(j)}
          data-testid={`run-${j.name}`}
        >
          {t('notifications.jobs.runNow')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageTitle title={t('notifications.jobs.title')} sub={t('notifications.jobs.subtitle')} />
      <Card styles={{ body: { padding: 0 } }}>
        {error ? (
          <ErrorResult error={error} onRetry={reload} />
        ) : (
          <Table<Job>
            rowKey="name"
            loading={loading}
            columns={columns}
            dataSource={data?.items ?? []}
            pagination={false}
            expandable={{
              expandedRowRender: (j) => (
                <Table<JobRun>
                  size="small"
                  rowKey="id"
                  columns={runColumns}
                  dataSource={j.lastRuns}
                  pagination={false}
                  title={() => <b>{t('notifications.jobs.runs')}</b>}
                />
              ),
              rowExpandable: (j) => j.lastRuns.length > 0,
            }}
            data-testid="jobs-table"
          />
        )}
      </Card>
    </>
  );
}
