import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { fmtDate } from '../../../lib/format.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { useSession } from '../../auth/session.tsx';
import { deleteHighValueMark, getAssetHighValue, setHighValueMark } from '../api/asset-analytics.ts';

interface Values {
  category: 'foreign_family' | 'award';
  since?: Dayjs | null;
  note?: string;
}

/** 高价值发明专利: which of the five CNIPA categories make this invention high-value today, and the hand marks. */
export function AssetHighValueCard({ assetId, refreshKey }: { assetId: number; refreshKey: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { data, error, loading, reload, setData } = useAsync(
    (signal) => getAssetHighValue(assetId, signal),
    [assetId, refreshKey],
  );
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);
  const cat = (c: string) => t(`hv.cat.${c}` as MessageKey);

  const save = (v: Values) =>
    submit(async () => {
      setData(
        await setHighValueMark(assetId, v.category, {
          since: v.since?.format('YYYY-MM-DD') ?? '',
          note: v.note || null,
        }),
      );
      setAdding(false);
      void message.success(t('common.saved'));
    });

  return (
    <Card
      title={t('hv.card.title')}
      loading={loading && !data}
      extra={
        can('analytics:manage') ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => {
              clearProblem();
              form.resetFields();
              setAdding(true);
            }}
          >
            {t('hv.mark.add')}
          </Button>
        ) : null
      }
      data-testid="hv-card"
    >
      {error ? (
        <ErrorResult error={error} onRetry={reload} />
      ) : data ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            {data.highValue ? (
              <Tag color="gold">{t('hv.card.yes')}</Tag>
            ) : (
              <Tag>{data.valid ? t('hv.card.no') : t('hv.card.notValid')}</Tag>
            )}
            {data.categories.map((c) => (
              <Tooltip
                key={c}
                title={
                  data.since[c] && data.since[c] !== '0000-01-01'
                    ? t('hv.since', { date: fmtDate(data.since[c]) })
                    : undefined
                }
              >
                <Tag color="blue">{cat(c)}</Tag>
              </Tooltip>
            ))}
          </div>
          {!data.pledgeCategoryApplied ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('hv.threshold.notApplied')}
            </Typography.Text>
          ) : null}
          {data.marks.map((m) => (
            <div key={m.category}>
              {cat(m.category)} · {fmtDate(m.since)}{' '}
              {m.note ? <Typography.Text type="secondary">{m.note}</Typography.Text> : null}
              {can('analytics:manage') ? (
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={async () => setData(await deleteHighValueMark(assetId, m.category))}
                />
              ) : null}
            </div>
          ))}
        </Space>
      ) : null}
      <Modal
        open={adding}
        title={t('hv.mark.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <ProblemAlert problem={problem} />
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => void save(v)}
          initialValues={{ category: 'award' }}
        >
          <Form.Item name="category" label={t('hv.mark.category')} rules={[{ required: true }]}>
            <Select
              options={(['foreign_family', 'award'] as const).map((c) => ({ value: c, label: cat(c) }))}
            />
          </Form.Item>
          <Form.Item name="since" label={t('hv.mark.since')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('hv.mark.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
