import { BellOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import {
  REMINDER_CHANNELS,
  validateReminderSettings,
  type ReminderSettings,
} from '../../../../../src/domain/lifecycle/reminders.ts';
import { PendingCard } from '../../../components/pending-card.tsx';
import { fmtDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { useSession } from '../../auth/session.tsx';
import { getReminderSettings, putReminderSettings } from '../api/reminder-settings.ts';

interface FormValues {
  leadDays: (string | number)[];
  graceWeekly: boolean;
  channels: ReminderSettings['channels'];
  tracked: boolean;
}

const toSettings = (v: FormValues): ReminderSettings => ({
  leadDays: (v.leadDays ?? []).map((d) => Number(d)),
  graceWeekly: !!v.graceWeekly,
  channels: v.channels ?? [],
  tracked: !!v.tracked,
});

/**
 * 期限提醒设置 of an entity: lead times, weekly reminders in the grace period, channels and (bureau staff only)
 * whether the bureau tracks the entity. Shown to staff and to the entity's own users.
 */
export function ReminderSettingsCard({ entityId }: { entityId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const staff = can('registry:write');
  const allowed = staff || (can('registry:write_own') && me?.user?.entityId === entityId);
  const { data, error, loading, reload, setData } = useAsync(
    (signal) => (allowed ? getReminderSettings(entityId, signal) : Promise.resolve(undefined)),
    [entityId, allowed],
  );
  const [form] = Form.useForm<FormValues>();
  const { saving, problem, submit } = useServerSubmit(form);
  useEffect(() => {
    if (data) form.setFieldsValue({ ...data, leadDays: data.leadDays });
  }, [data, form]);

  if (!allowed) return null;
  const title = (
    <span>
      <BellOutlined /> {t('notifications.settings.title')}
    </span>
  );
  if (error || !data)
    return <PendingCard title={title} loading={loading && !data} error={error} onRetry={reload} rows={3} />;

  const onFinish = (v: FormValues) =>
    submit(async () => {
      setData(await putReminderSettings(entityId, toSettings(v)));
      void message.success(t('notifications.settings.saved'));
    });

  return (
    <Card
      title={title}
      data-testid="reminder-settings"
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {data.custom
            ? t('notifications.settings.updated', { at: fmtDateTime(data.updatedAt) })
            : t('notifications.settings.defaults')}
        </Typography.Text>
      }
    >
      <Typography.Paragraph type="secondary">{t('notifications.settings.hint')}</Typography.Paragraph>
      <ProblemAlert problem={problem} testId="reminder-settings-problem" />
      <Form<FormValues> form={form} layout="inline" onFinish={(v) => void onFinish(v)} style={{ rowGap: 12 }}>
        <Form.Item
          name="leadDays"
          label={t('notifications.settings.leadDays')}
          tooltip={t('notifications.settings.leadDaysHelp')}
          rules={[
            {
              validator: async (_, value: FormValues['leadDays']) => {
                const errors = validateReminderSettings({
                  leadDays: (value ?? []).map((d) => Number(d)),
                  graceWeekly: true,
                  channels: [],
                  tracked: false,
                });
                if (errors.length) throw new Error(t('notifications.settings.leadDaysRule'));
              },
            },
          ]}
        >
          <Select mode="tags" style={{ minWidth: 200 }} tokenSeparators={[',', '，', ' ']} open={false} />
        </Form.Item>
        <Form.Item name="graceWeekly" label={t('notifications.settings.graceWeekly')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="channels" label={t('notifications.settings.channels')}>
          <Checkbox.Group
            options={REMINDER_CHANNELS.map((c) => ({
              value: c,
              label: t(`notifications.settings.channel.${c}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="tracked"
          label={t('notifications.settings.tracked')}
          tooltip={t('notifications.settings.trackedHelp')}
          valuePropName="checked"
        >
          <Switch disabled={!staff} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
