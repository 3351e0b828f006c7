import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { apiUrl } from '../../../lib/api.ts';
import { fmtDate, fmtNumber } from '../../../lib/format.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { useSession } from '../../auth/session.tsx';
import {
  deleteDenominator,
  getDenominators,
  importDenominators,
  saveDenominator,
} from '../api/denominators.ts';
import type { Denominator, DenominatorKind, LineReject } from '../types.ts';
import { ImportOutcome } from './line-rejects.tsx';
import { useRegion } from './use-region.ts';

const KINDS: DenominatorKind[] = ['population', 'market_entities', 'new_market_entities'];

interface Values {
  street?: string | null;
  kind: DenominatorKind;
  periodFrom?: Dayjs | null;
  at?: Dayjs | null;
  value?: number | null;
  source?: string;
  confidence?: 'H' | 'M' | 'L';
  note?: string | null;
}

/** 指标分母: population, market entities and new market entities per region and street, with sources. */
export function DenominatorsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('analytics:manage');
  const { region, streets } = useRegion();
  const { data, error, loading, reload } = useAsync(
    (signal) => (region ? getDenominators({ region: region.code }, signal) : Promise.resolve({ items: [] })),
    [region?.code],
  );
  const [editing, setEditing] = useState<Partial<Denominator> | null>(null);
  const [outcome, setOutcome] = useState<{ summary: string; rejects: LineReject[] } | null>(null);
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);
  const kind = Form.useWatch('kind', form);
  const streetName = (code: string | null) =>
    code ? (streets.find((s) => s.code === code)?.name ?? code) : '—';

  const open = (d: Partial<Denominator>) => {
    clearProblem();
    form.resetFields();
    form.setFieldsValue({
      street: d.street ?? null,
      kind: d.kind ?? 'population',
      periodFrom: d.periodFrom ? dayjs(d.periodFrom) : null,
      at: d.at ? dayjs(d.at) : null,
      value: d.value ?? null,
      source: d.source ?? '',
      confidence: (d.confidence as 'H' | 'M' | 'L') ?? 'M',
      note: d.note ?? null,
    });
    setEditing(d);
  };
  const save = (v: Values) =>
    submit(async () => {
      await saveDenominator({
        region: region!.code,
        street: v.street || null,
        kind: v.kind,
        periodFrom: v.kind === 'new_market_entities' ? (v.periodFrom?.format('YYYY-MM-DD') ?? null) : null,
        at: v.at?.format('YYYY-MM-DD') ?? '',
        value: v.value ?? 0,
        source: v.source ?? '',
        confidence: v.confidence,
        note: v.note || null,
      });
      setEditing(null);
      void message.success(t('common.saved'));
      reload();
    });

  const columns: TableColumnsType<Denominator> = [
    { title: t('ind.den.street'), dataIndex: 'street', key: 'street', render: streetName },
    {
      title: t('ind.den.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: string) => t(`ind.den.kind.${k}` as MessageKey),
    },
    {
      title: t('ind.den.at'),
      key: 'at',
      render: (_: unknown, d) =>
        d.periodFrom ? `${fmtDate(d.periodFrom)} – ${fmtDate(d.at)}` : fmtDate(d.at),
    },
    {
      title: t('ind.den.value'),
      dataIndex: 'value',
      key: 'value',
      align: 'right',
      render: (v: number) => fmtNumber(v, lang),
    },
    {
      title: t('ind.den.source'),
      key: 'source',
      render: (_: unknown, d) => (
        <>
          <Typography.Text style={{ fontSize: 12 }}>{d.source}</Typography.Text> <Tag>{d.confidence}</Tag>
          {d.isDemo ? <Tag bordered={false}>{t('common.demo')}</Tag> : null}
        </>
      ),
    },
    ...(canManage
      ? [
          {
            title: '',
            key: 'actions',
            width: 100,
            render: (_: unknown, d: Denominator) => (
              <>
                <Button size="small" type="text" icon={<EditOutlined />} onClick={() => open(d)} />
                <Popconfirm
                  title={t('ind.den.deleteConfirm')}
                  onConfirm={async () => {
                    await deleteDenominator(d.id);
                    reload();
                  }}
                >
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageTitle
        title={t('ind.den.title')}
        sub={t('ind.den.subtitle')}
        extra={
          canManage ? (
            <>
              <Button icon={<DownloadOutlined />} href={apiUrl('/analytics/denominators/template.csv')}>
                {t('ind.den.template')}
              </Button>
              <Upload
                accept=".csv,.xlsx"
                showUploadList={false}
                customRequest={async ({ file, onSuccess, onError }) => {
                  try {
                    const r = await importDenominators(file as File);
                    setOutcome({
                      summary: t('ind.den.imported', {
                        inserted: r.inserted,
                        updated: r.updated,
                        rejected: r.rejected,
                      }),
                      rejects: r.rejects,
                    });
                    reload();
                    onSuccess?.(r);
                  } catch (e) {
                    void message.error(e instanceof Error ? e.message : String(e));
                    onError?.(e as Error);
                  }
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="den-import">
                  {t('ind.den.import')}
                </Button>
              </Upload>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => open({})}>
                {t('common.create')}
              </Button>
            </>
          ) : null
        }
      />
      {outcome ? <ImportOutcome {...outcome} /> : null}
      <Card styles={{ body: { padding: 0 } }}>
        {error ? (
          <ErrorResult error={error} onRetry={reload} />
        ) : (
          <Table<Denominator>
            rowKey="id"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={data?.items ?? []}
            pagination={false}
            data-testid="den-table"
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        title={t('ind.den.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <ProblemAlert problem={problem} />
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="street" label={t('ind.den.street')}>
            <Select
              allowClear
              placeholder={region?.name}
              options={streets.map((s) => ({ value: s.code, label: s.name }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('ind.den.kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`ind.den.kind.${k}` as MessageKey) }))} />
          </Form.Item>
          {kind === 'new_market_entities' ? (
            <Form.Item name="periodFrom" label={t('ind.den.periodFrom')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="at"
            label={kind === 'new_market_entities' ? t('ind.den.periodTo') : t('ind.den.at')}
            rules={[{ required: true }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="value"
            label={t('ind.den.value')}
            rules={[{ required: true }, { type: 'number', min: 1 }]}
          >
            <InputNumber style={{ width: '100%' }} precision={kind === 'population' ? undefined : 0} />
          </Form.Item>
          <Form.Item name="source" label={t('ind.den.source')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="confidence" label={t('ind.den.confidence')}>
            <Select options={['H', 'M', 'L'].map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="note" label={t('ind.den.note')}>
            <Input.TextArea maxLength={1000} rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
