import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { fmtMoney } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { FEE_STATE_LABELS } from '../../../lib/labels.ts';
import { recordPayment } from '../api/record-payment.ts';
import type { AnnualFeeDeadline, Schedule } from '../types.ts';
import { owedOn, UNPAID_STATES } from './owed.ts';

interface Values {
  patentYear?: number;
  paidOn?: Dayjs | null;
  amount?: number | null;
  note?: string;
}

interface Props {
  open: boolean;
  assetId: number;
  fees: readonly AnnualFeeDeadline[];
  /** the year to preselect (the next unpaid one) */
  year: number | undefined;
  onClose(): void;
  onSaved(schedule: Schedule): void;
}

/** 登记缴费: the amount is pre-filled with what the server will ask for on the chosen date. */
export function PaymentModal({ open, assetId, fees, year, onClose, onSaved }: Props) {
  const { t, code, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);
  const chosenYear = Form.useWatch('patentYear', form);
  const chosenDate = Form.useWatch('paidOn', form);
  const payable = fees.filter((f) => UNPAID_STATES.has(f.state));
  const feeOf = (y: number | undefined) => fees.find((f) => f.patentYear === y);

  const amountFor = (y: number | undefined, d: Dayjs | null | undefined): number | undefined => {
    const fee = feeOf(y);
    if (!fee || !d) return undefined;
    const o = owedOn(fee, d.format('YYYY-MM-DD'));
    return o.ok ? o.total : fee.reducedAmount;
  };

  useEffect(() => {
    if (!open) return;
    clearProblem();
    form.resetFields();
    const fee = feeOf(year);
    form.setFieldsValue({
      patentYear: fee?.patentYear,
      paidOn: dayjs(),
      // what the server computed for today: the fee after reduction and today's late fee
      amount: fee ? fee.reducedAmount + (fee.lateFeeIfPaidToday?.amount ?? 0) : undefined,
      note: undefined,
    });
    // reset each time the modal opens, for the year chosen then
  }, [open, year]);

  const owed = (() => {
    const fee = feeOf(chosenYear);
    if (!fee || !chosenDate) return null;
    return owedOn(fee, chosenDate.format('YYYY-MM-DD'));
  })();

  const save = async (v: Values) => {
    await submit(async () => {
      const s = await recordPayment(assetId, {
        patentYear: v.patentYear!,
        paidOn: v.paidOn!.format('YYYY-MM-DD'),
        amount: v.amount!,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      void message.success(t('deadline.paid', { n: v.patentYear! }));
      onSaved(s);
    });
  };

  return (
    <Modal
      open={open}
      title={t('deadline.payTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, disabled: payable.length === 0 }}
      forceRender
    >
      <ProblemAlert problem={problem} testId="payment-problem" />
      {payable.length === 0 ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('deadline.pay.none')} />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        name="payment"
        onFinish={(v) => void save(v)}
        onValuesChange={(changed: Values, all: Values) => {
          if ('patentYear' in changed || 'paidOn' in changed) {
            const amount = amountFor(all.patentYear, all.paidOn);
            if (amount !== undefined) form.setFieldValue('amount', amount);
          }
        }}
      >
        <Form.Item
          name="patentYear"
          label={t('deadline.pay.year')}
          rules={[{ required: true, message: t('deadline.pay.yearRequired') }]}
        >
          <Select
            options={payable.map((f) => ({
              value: f.patentYear,
              label: t('deadline.pay.yearOption', {
                n: f.patentYear,
                due: f.dueDate,
                state: code(FEE_STATE_LABELS, f.state),
              }),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="paidOn"
          label={t('deadline.pay.paidOn')}
          rules={[{ required: true, message: t('deadline.pay.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('deadline.pay.amount')}
          required
          rules={[
            {
              validator: (_r, v: number | null | undefined) =>
                typeof v === 'number' && v > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('deadline.pay.amountRequired'))),
            },
          ]}
          extra={
            owed ? (
              owed.ok ? (
                <span data-testid="payment-owed">
                  {t('deadline.pay.required', {
                    total: fmtMoney(owed.total, lang),
                    fee: fmtMoney(owed.fee, lang),
                    late: fmtMoney(owed.lateFee, lang),
                    percent: owed.percent,
                  })}
                </span>
              ) : (
                <Typography.Text type="warning">
                  {t('deadline.pay.afterGrace', { graceEnd: owed.graceEnd ?? '—' })}
                </Typography.Text>
              )
            ) : undefined
          }
        >
          <InputNumber<number> style={{ width: '100%' }} min={0} step={100} precision={2} prefix="¥" />
        </Form.Item>
        <Form.Item name="note" label={t('deadline.pay.note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
