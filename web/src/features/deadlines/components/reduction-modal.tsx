import { Alert, App, DatePicker, Form, Modal, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { setReduction } from '../api/set-reduction.ts';
import type { ReductionInput, Schedule } from '../types.ts';

interface Values {
  rate?: ReductionInput['rate'];
  recordedOn?: Dayjs | null;
}

interface Props {
  open: boolean;
  assetId: number;
  /** the reduction now applied to the latest fees, to show (e.g. "15% (…)") */
  current: string | null;
  onClose(): void;
  onSaved(schedule: Schedule): void;
}

/** 费减备案: 85 % off for one applicant, 70 % for joint applicants, from the recordal date. */
export function ReductionModal({ open, assetId, current, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);

  useEffect(() => {
    if (!open) return;
    clearProblem();
    form.resetFields();
    form.setFieldsValue({ rate: 0.85, recordedOn: dayjs() });
  }, [open]);

  const save = async (v: Values) => {
    await submit(async () => {
      const s = await setReduction(assetId, {
        rate: v.rate!,
        recordedOn: v.recordedOn!.format('YYYY-MM-DD'),
      });
      const n = s.deadlines.filter((d) => d.kind === 'annual_fee' && d.reduction).length;
      void message.success(t('deadline.reductionSaved', { n }));
      onSaved(s);
    });
  };

  return (
    <Modal
      open={open}
      title={t('deadline.reductionTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      forceRender
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('deadline.reduction.hint')}
        description={current ? t('deadline.reduction.current', { reduction: current }) : undefined}
      />
      <ProblemAlert problem={problem} />
      <Form<Values> form={form} layout="vertical" name="reduction" onFinish={(v) => void save(v)}>
        <Form.Item name="rate" label={t('deadline.reduction.rate')} rules={[{ required: true }]}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value={0.85}>{t('deadline.reduction.single')}</Radio>
              <Radio value={0.7}>{t('deadline.reduction.joint')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="recordedOn"
          label={t('deadline.reduction.recordedOn')}
          rules={[{ required: true, message: t('deadline.pay.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
