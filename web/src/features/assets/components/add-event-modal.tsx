import { App, AutoComplete, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { STATUS_LABELS } from '../../../../../src/domain/lifecycle/status.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { COMMON_EVENT_CODES, EVENT_LABELS } from '../../../lib/labels.ts';
import { addEvent } from '../api/add-event.ts';
import type { Asset } from '../types.ts';

interface Values {
  code?: string;
  date?: Dayjs | null;
  note?: string;
}

/** The server's rule for an event code (src/modules/registry/registry.service.ts addEvent). */
const EVENT_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/;

interface Props {
  /** open with this code preselected ('' for none); null = closed */
  code: string | null;
  assetId: number;
  onClose(): void;
  onSaved(asset: Asset): void;
}

/** 记录法律事件: a CNIPA legal-status code (or any other), its date and a note; the status is re-derived. */
export function AddEventModal({ code: initialCode, assetId, onClose, onSaved }: Props) {
  const { t, label, code } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);
  const open = initialCode !== null;

  useEffect(() => {
    if (!open) return;
    clearProblem();
    form.resetFields();
    form.setFieldsValue({ code: initialCode || undefined, date: dayjs(), note: undefined });
  }, [open, initialCode]);

  const common = new Set<string>(COMMON_EVENT_CODES);
  const options = [...COMMON_EVENT_CODES, ...Object.keys(EVENT_LABELS).filter((c) => !common.has(c))].map(
    (value) => ({ value, label: `${value} ${label(EVENT_LABELS[value])}` }),
  );

  const save = async (v: Values) => {
    await submit(async () => {
      const c = (v.code ?? '').trim().toUpperCase();
      const a = await addEvent(assetId, {
        code: c,
        date: v.date!.format('YYYY-MM-DD'),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      void message.success(t('event.added', { code: c, status: code(STATUS_LABELS, a.status) }));
      onSaved(a);
    });
  };

  return (
    <Modal
      open={open}
      title={t('event.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      forceRender
    >
      <ProblemAlert problem={problem} />
      <Form<Values> form={form} layout="vertical" name="event" onFinish={(v) => void save(v)}>
        <Form.Item
          name="code"
          label={t('event.code')}
          extra={t('event.codeHint')}
          normalize={(v: string | undefined) => (v ?? '').toUpperCase()}
          rules={[
            { required: true, message: t('event.codeRequired') },
            {
              validator: (_r, v: string | undefined) =>
                !v || EVENT_CODE_RE.test(v.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(`"${v}" is not an event code`)),
            },
          ]}
        >
          <AutoComplete
            options={options}
            filterOption={(input, o) =>
              String(o?.label ?? '')
                .toUpperCase()
                .includes(input.toUpperCase())
            }
          />
        </Form.Item>
        <Form.Item
          name="date"
          label={t('event.date')}
          rules={[{ required: true, message: t('event.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="note" label={t('event.note')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
