import { FileExcelOutlined, FilePdfOutlined, PlayCircleOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { checkIndustryCode, parseIpcPatterns } from '../../../../../src/domain/analytics/navigation.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { fmtBytes, fmtDateTime } from '../../../lib/format.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { useSession } from '../../auth/session.tsx';
import { createReport } from '../api/create-report.ts';
import { getReports } from '../api/get-reports.ts';
import { getSeiCategories } from '../api/get-sei-categories.ts';
import { reportFileUrl } from '../api/report-file-url.ts';
import type { NavReport, NavReportInput, NavReportStatus } from '../types.ts';

const POLL_MS = 1000;
const STATUS_COLOR: Record<NavReportStatus, string> = {
  running: 'processing',
  done: 'success',
  failed: 'error',
};

interface FormValues {
  title?: string;
  scope: 'ipc' | 'sei' | 'industry';
  ipc?: string[];
  sei?: string;
  industry?: string;
  from?: number | null;
  to?: number | null;
}

function toInput(v: FormValues): NavReportInput {
  return {
    ...(v.title?.trim() ? { title: v.title.trim() } : {}),
    ...(v.scope === 'ipc' ? { ipc: v.ipc ?? [] } : {}),
    ...(v.scope === 'sei' ? { sei: v.sei ?? '' } : {}),
    ...(v.scope === 'industry' ? { industry: v.industry ?? '' } : {}),
    ...(v.from ? { from: v.from } : {}),
    ...(v.to ? { to: v.to } : {}),
  };
}

/** A 战略性新兴产业 category of the loaded concordance (listed when the user may read it, else typed). */
function SeiField() {
  const { t } = useI18n();
  const { can } = useSession();
  const mayList = can('analytics:read');
  const cats = useAsync((signal) => (mayList ? getSeiCategories(signal) : Promise.resolve([])), [mayList]);
  return (
    <Form.Item
      name="sei"
      label={t('navigation.form.sei')}
      extra={t('navigation.form.sei.help')}
      rules={[{ required: true, whitespace: true, message: t('navigation.form.sei.required') }]}
    >
      {mayList ? (
        <Select
          loading={cats.loading}
          showSearch
          optionFilterProp="label"
          options={(cats.data ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
        />
      ) : (
        <Input placeholder="1.6" maxLength={20} />
      )}
    </Form.Item>
  );
}

function ReportForm({ onStarted }: { onStarted: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { saving, problem, submit } = useServerSubmit(form);
  const scope = Form.useWatch('scope', form) ?? 'ipc';
  const onFinish = (v: FormValues) =>
    submit(async () => {
      await createReport(toInput(v));
      void message.success(t('navigation.started'));
      onStarted();
    });
  return (
    <Card title={t('navigation.form.title')} style={{ marginBottom: 16 }}>
      <ProblemAlert problem={problem} testId="navigation-problem" />
      <Form form={form} layout="vertical" initialValues={{ scope: 'ipc' }} onFinish={(v) => void onFinish(v)}>
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="scope" label={t('navigation.form.scope')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'ipc', label: t('navigation.form.scope.ipc') },
                  { value: 'sei', label: t('navigation.form.scope.sei') },
                  { value: 'industry', label: t('navigation.form.scope.industry') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            {scope === 'ipc' ? (
              <Form.Item
                name="ipc"
                label={t('navigation.form.ipc')}
                extra={t('navigation.form.ipc.help')}
                rules={[
                  {
                    validator: async (_, value: string[] | undefined) => {
                      if (!value?.length) throw new Error(t('navigation.form.ipc.required'));
                      const { errors } = parseIpcPatterns(value);
                      if (errors.length) throw new Error(errors.map((e) => e.reason).join('; '));
                    },
                  },
                ]}
              >
                <Select
                  mode="tags"
                  tokenSeparators={[',', '，', ' ', ';']}
                  open={false}
                  data-testid="navigation-ipc"
                />
              </Form.Item>
            ) : scope === 'sei' ? (
              <SeiField />
            ) : (
              <Form.Item
                name="industry"
                label={t('navigation.form.industry')}
                extra={t('navigation.form.industry.help')}
                rules={[
                  {
                    validator: async (_, value: string | undefined) => {
                      if (!value?.trim()) throw new Error(t('navigation.form.industry.required'));
                      const c = checkIndustryCode(value);
                      if (!c.ok) throw new Error(c.reason);
                    },
                  },
                ]}
              >
                <Input placeholder="C38" maxLength={10} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="title" label={t('navigation.form.name')}>
              <Input maxLength={200} placeholder={t('navigation.form.name.placeholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="from" label={t('navigation.form.from')}>
              <InputNumber min={1985} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item
              name="to"
              label={t('navigation.form.to')}
              dependencies={['from']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, value: number | null | undefined) => {
                    const from = getFieldValue('from') as number | null | undefined;
                    if (value && from && value < from) throw new Error(t('navigation.form.to.beforeFrom'));
                  },
                }),
              ]}
            >
              <InputNumber min={1985} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
              {t('navigation.form.period.help')}
            </Typography.Paragraph>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={saving}>
          {t('navigation.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function scopeText(r: NavReport): string {
  const parts = [
    r.params.ipc.join(', '),
    r.params.sei ? `${r.params.sei.code} ${r.params.sei.name}` : '',
    r.params.industry ?? '',
  ].filter(Boolean);
  return parts.join(' / ');
}

function periodText(r: NavReport, all: string): string {
  return r.params.from || r.params.to ? `${r.params.from ?? '…'}–${r.params.to ?? '…'}` : all;
}

export function NavigationPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const list = useAsync((signal) => getReports(signal), []);
  const running = list.data?.items.some((r) => r.status === 'running') ?? false;
  const { reload } = list;

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, list.data, reload]);

  const columns: TableColumnsType<NavReport> = [
    { title: t('navigation.list.title'), dataIndex: 'title', ellipsis: true, width: 240 },
    { title: t('navigation.list.scope'), render: (_, r) => scopeText(r) },
    { title: t('navigation.list.period'), render: (_, r) => periodText(r, t('navigation.list.allYears')) },
    {
      title: t('navigation.list.status'),
      width: 260,
      render: (_, r) =>
        r.status === 'running' ? (
          <div data-testid="navigation-progress">
            <Progress percent={r.progress} size="small" status="active" />
            <Typography.Text type="secondary">
              {t(`navigation.step.${r.step ?? 'queued'}` as MessageKey)}
            </Typography.Text>
          </div>
        ) : (
          <Space direction="vertical" size={0}>
            <Tag color={STATUS_COLOR[r.status]}>{t(`navigation.status.${r.status}` as MessageKey)}</Tag>
            {r.error ? <Typography.Text type="danger">{r.error}</Typography.Text> : null}
          </Space>
        ),
    },
    { title: t('navigation.list.created'), width: 170, render: (_, r) => fmtDateTime(r.createdAt) },
    {
      title: t('navigation.list.files'),
      width: 260,
      render: (_, r) =>
        r.status === 'done' ? (
          <Space>
            {r.files.map((f) => (
              <Button
                key={f.format}
                size="small"
                href={reportFileUrl(r.id, f.format)}
                icon={f.format === 'pdf' ? <FilePdfOutlined /> : <FileExcelOutlined />}
              >
                {f.format.toUpperCase()} {fmtBytes(f.size)}
              </Button>
            ))}
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <PageTitle title={t('navigation.title')} sub={t('navigation.subtitle')} />
      {can('navigation:build') ? <ReportForm onStarted={reload} /> : null}
      <Card title={t('navigation.list.heading')}>
        {list.error && !list.data ? (
          <ErrorResult error={list.error} onRetry={reload} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={list.loading && !list.data}
            columns={columns}
            dataSource={list.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('navigation.list.empty') }}
          />
        )}
      </Card>
    </>
  );
}
