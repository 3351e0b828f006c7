import { App, Form, Input, Modal, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemAlert, useServerSubmit } from '../../../lib/use-server-submit.tsx';
import { createSavedSearch, updateSavedSearch } from '../api/saved-searches.ts';
import type { SavedSearch } from '../types.ts';

interface Values {
  name?: string;
  subscribed?: boolean;
}

const NAME_MAX = 100;

/**
 * Save the current query under a name (with or without the daily e-mail digest), or rename a saved search.
 * `target`: the query to save, or the saved search to rename; null = closed.
 */
export function SaveSearchModal({
  target,
  onClose,
  onSaved,
}: {
  target: { query: string } | SavedSearch | null;
  onClose(): void;
  onSaved(s: SavedSearch): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { saving, problem, clearProblem, submit } = useServerSubmit(form);
  const existing = target && 'id' in target ? target : null;

  useEffect(() => {
    if (!target) return;
    clearProblem();
    form.resetFields();
    form.setFieldsValue(
      existing ? { name: existing.name } : { name: target.query.slice(0, NAME_MAX), subscribed: false },
    );
  }, [target]);

  const save = async (v: Values) => {
    if (!target) return;
    await submit(async () => {
      const name = (v.name ?? '').trim();
      const s = existing
        ? await updateSavedSearch(existing.id, { name })
        : await createSavedSearch({ name, query: target.query, subscribed: !!v.subscribed });
      void message.success(t(existing ? 'savedSearch.updated' : 'savedSearch.saved', { name: s.name }));
      onSaved(s);
    });
  };

  return (
    <Modal
      open={target !== null}
      title={existing ? t('savedSearch.rename') : t('savedSearch.saveTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      forceRender
    >
      <ProblemAlert problem={problem} />
      <Form<Values> form={form} layout="vertical" name="saved-search" onFinish={(v) => void save(v)}>
        <Form.Item label={t('savedSearch.query')}>
          <Typography.Text code>{target?.query || '—'}</Typography.Text>
        </Form.Item>
        <Form.Item
          name="name"
          label={t('savedSearch.name')}
          rules={[
            { required: true, whitespace: true, message: t('savedSearch.nameRequired') },
            { max: NAME_MAX, message: t('savedSearch.nameRequired') },
          ]}
        >
          <Input data-testid="save-search-name" maxLength={NAME_MAX} />
        </Form.Item>
        {existing ? null : (
          <Form.Item
            name="subscribed"
            label={t('savedSearch.subscribe')}
            extra={t('savedSearch.subscribeHelp')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
