import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { fmtDate, fmtMoney } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { useSession } from '../../auth/session.tsx';
import { addPledge, getPledges, releasePledge } from '../api/asset-analytics.ts';
import type { Pledge } from '../types.ts';

interface Values {
  registrationNumber?: string;
  registrationDate?: Dayjs | null;
  amount?: number | null;
  pledgee?: string;
  pledgor?: string;
}

/** 质押登记: the pledge registrations of a right (secured amount = 被担保债权数额), add and release. */
export function AssetPledgesCard({ assetId, onChange }: { assetId: number; onChange(): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const canWrite = can('finance:write');
  const { data, error, loading, reload } = useAsync((signal) => getPledges(assetId, signal), [assetId]);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);

  const save = (v: Values) =>
    submit(async () => {
      await addPledge(assetId, {
        registrationNumber: v.registrationNumber ?? '',
        registrationDate: v.registrationDate?.format('YYYY-MM-DD') ?? '',
        amount: v.amount ?? 0,
        pledgee: v.pledgee ?? '',
        pledgor: v.pledgor ?? '',
      });
      setAdding(false);
      void message.success(t('common.saved'));
      reload();
      onChange();
    });
  const release = async (p: Pledge) => {
    try {
      await releasePledge(assetId, p.id, p.releaseDate ? null : dayjs().format('YYYY-MM-DD'));
      reload();
      onChange();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Card
      title={t('pledge.title')}
      extra={
        canWrite ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => {
              clearProblem();
              form.resetFields();
              setAdding(true);
            }}
          >
            {t('pledge.add')}
          </Button>
        ) : null
      }
      styles={{ body: { padding: 0 } }}
      data-testid="pledge-card"
    >
      {error ? (
        <ErrorResult error={error} onRetry={reload} />
      ) : (
        <Table<Pledge>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('pledge.empty') }}
          columns={[
            { title: t('pledge.regNo'), dataIndex: 'registrationNumber', key: 'no' },
            { title: t('pledge.regDate'), dataIndex: 'registrationDate', key: 'date', render: fmtDate },
            {
              title: t('pledge.amount'),
              dataIndex: 'amount',
              key: 'amount',
              align: 'right',
              render: (v: number) => fmtMoney(v, lang),
            },
            { title: t('pledge.pledgee'), dataIndex: 'pledgee', key: 'pledgee' },
            { title: t('pledge.pledgor'), dataIndex: 'pledgor', key: 'pledgor' },
            {
              title: t('pledge.release'),
              key: 'release',
              render: (_: unknown, p) => (
                <>
                  {p.releaseDate ? fmtDate(p.releaseDate) : <Tag color="blue">{t('pledge.active')}</Tag>}
                  {p.isDemo ? <Tag bordered={false}>{t('common.demo')}</Tag> : null}
                  {canWrite ? (
                    <Button size="small" type="link" onClick={() => void release(p)}>
                      {p.releaseDate ? t('pledge.unrelease') : t('pledge.releaseNow')}
                    </Button>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={adding}
        title={t('pledge.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <ProblemAlert problem={problem} />
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item
            name="registrationNumber"
            label={t('pledge.regNo')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="registrationDate" label={t('pledge.regDate')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="amount"
            label={t('pledge.amount')}
            extra={t('pledge.amountHelp')}
            rules={[{ required: true }, { type: 'number', min: 0.01 }]}
          >
            <InputNumber style={{ width: '100%' }} precision={2} addonAfter="元" />
          </Form.Item>
          <Form.Item
            name="pledgee"
            label={t('pledge.pledgee')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="pledgor"
            label={t('pledge.pledgor')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
