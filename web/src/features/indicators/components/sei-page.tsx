import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { useSession } from '../../auth/session.tsx';
import { getSei, getSettings, importSei, setPledgeThreshold } from '../api/indicators.ts';
import type { LineReject, SeiRow } from '../types.ts';
import { ImportOutcome } from './line-rejects.tsx';

const list = (xs: string[]) => (xs.length ? xs.join(', ') : '—');

/** 高价值专利设置: the SEI–IPC concordance (view, import from XLSX/CSV) and the pledge threshold. */
export function SeiPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('analytics:manage');
  const sei = useAsync((signal) => getSei(signal), []);
  const settings = useAsync((signal) => getSettings(signal), []);
  const [source, setSource] = useState('');
  const [outcome, setOutcome] = useState<{ summary: string; rejects: LineReject[] } | null>(null);
  const [form] = Form.useForm<{ threshold: number | null }>();
  const { saving, problem, submit } = useServerSubmit(form);

  const saveThreshold = (v: { threshold: number | null }) =>
    submit(async () => {
      settings.setData(await setPledgeThreshold(v.threshold ?? null));
      void message.success(t('common.saved'));
    });

  return (
    <>
      <PageTitle title={t('hv.title')} sub={t('hv.subtitle')} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('hv.threshold.title')}>
          {settings.data ? (
            <Alert
              style={{ marginBottom: 16 }}
              type={settings.data.pledgeCategoryApplied ? 'info' : 'warning'}
              showIcon
              message={
                settings.data.pledgeCategoryApplied ? t('hv.threshold.applied') : t('hv.threshold.notApplied')
              }
              data-testid="hv-threshold-state"
            />
          ) : null}
          {canManage ? (
            <Form
              form={form}
              layout="inline"
              initialValues={{ threshold: settings.data?.pledgeThreshold ?? null }}
              key={String(settings.data?.pledgeThreshold)}
              onFinish={(v) => void saveThreshold(v)}
            >
              <ProblemAlert problem={problem} />
              <Form.Item name="threshold" label={t('hv.threshold.label')} extra={t('hv.threshold.help')}>
                <InputNumber min={1} style={{ width: 220 }} addonAfter="元" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saving}>
                {t('common.save')}
              </Button>
            </Form>
          ) : null}
        </Card>
        {outcome ? <ImportOutcome {...outcome} /> : null}
        <Card
          title={t('hv.sei.title')}
          extra={
            canManage ? (
              <Space>
                <Input
                  placeholder={t('hv.sei.source')}
                  value={source}
                  onChange={(e) => setSource(e.target.value)}
                  style={{ width: 280 }}
                />
                <Upload
                  accept=".csv,.xlsx"
                  showUploadList={false}
                  customRequest={async ({ file, onSuccess, onError }) => {
                    try {
                      const r = await importSei(file as File, source);
                      setOutcome({
                        summary: r.rejected
                          ? t('hv.sei.refused', { rejected: r.rejected })
                          : t('hv.sei.imported', { n: r.imported }),
                        rejects: r.rejects,
                      });
                      sei.reload();
                      onSuccess?.(r);
                    } catch (e) {
                      void message.error(e instanceof Error ? e.message : String(e));
                      onError?.(e as Error);
                    }
                  }}
                >
                  <Button icon={<UploadOutlined />}>{t('hv.sei.import')}</Button>
                </Upload>
              </Space>
            ) : null
          }
        >
          {sei.data ? (
            <Typography.Paragraph type="secondary">
              {t('hv.sei.template')}{' '}
              {sei.data.template.map((c) => (
                <Tag key={c.key} title={c.en}>
                  {lang === 'zh-CN' ? c.zh : c.key}
                </Tag>
              ))}
            </Typography.Paragraph>
          ) : null}
          {sei.error ? (
            <ErrorResult error={sei.error} onRetry={sei.reload} />
          ) : (
            <Table<SeiRow>
              rowKey={(r) => `${r.code}-${r.ipcPatterns.join(',')}`}
              size="small"
              loading={sei.loading}
              dataSource={sei.data?.rows ?? []}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                { title: t('hv.sei.code'), dataIndex: 'code', key: 'code', width: 90 },
                { title: t('hv.sei.name'), dataIndex: 'name', key: 'name' },
                { title: 'IPC', dataIndex: 'ipcPatterns', key: 'ipc', render: list },
                { title: t('hv.sei.exclusions'), dataIndex: 'ipcExclusions', key: 'excl', render: list },
                { title: t('hv.sei.keywords'), dataIndex: 'keywords', key: 'kw', render: list },
                {
                  title: t('hv.sei.ipcOnly'),
                  dataIndex: 'ipcOnly',
                  key: 'only',
                  render: (v: boolean) => (v ? t('common.yes') : t('common.no')),
                },
              ]}
              data-testid="sei-table"
            />
          )}
        </Card>
      </Space>
    </>
  );
}
