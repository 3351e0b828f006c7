import { DownloadOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { ApiError } from '../../../lib/api.ts';
import { downloadText, stamp, toCsv } from '../../../lib/csv.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { EntityPicker } from '../../entities/components/entity-picker.tsx';
import { getUnmatchedNames } from '../api/get-unmatched-names.ts';
import { resolveName } from '../api/resolve-name.ts';
import type { UnmatchedName } from '../types.ts';

const PAGE_SIZE = 20;

export function UnmatchedPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useAsync(
    (signal) =>
      getUnmatchedNames({ q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [q, page],
  );
  const [linking, setLinking] = useState<UnmatchedName | null>(null);
  const [entityId, setEntityId] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const closeModal = () => {
    setLinking(null);
    setEntityId(null);
    setLinkError(null);
  };

  const link = async () => {
    if (!linking || !entityId) return;
    setSaving(true);
    setLinkError(null);
    try {
      const r = await resolveName(linking.nameNorm, entityId);
      void message.success(t('unmatched.linked', { n: r.linked }));
      closeModal();
      reload();
    } catch (e) {
      setLinkError(
        e instanceof ApiError && e.errors.length
          ? e.errors.map((x) => x.reason).join('; ')
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      setSaving(false);
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const rows: UnmatchedName[] = [];
      for (let offset = 0; ; offset += 500) {
        const p = await getUnmatchedNames({ q: q || undefined, limit: 500, offset });
        rows.push(...p.items);
        if (p.items.length < 500 || rows.length >= p.total) break;
      }
      downloadText(
        `unmatched-applicants-${stamp()}.csv`,
        toCsv(rows, [
          { title: t('unmatched.name'), value: (r) => r.name },
          { title: t('unmatched.nameNorm'), value: (r) => r.nameNorm },
          { title: t('unmatched.assets'), value: (r) => r.assets },
        ]),
      );
      void message.success(t('common.exported', { n: rows.length }));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<UnmatchedName> = [
    { title: t('unmatched.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('unmatched.nameNorm'),
      dataIndex: 'nameNorm',
      key: 'nameNorm',
      render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text>,
    },
    {
      title: t('unmatched.assets'),
      dataIndex: 'assets',
      key: 'assets',
      align: 'right',
      width: 120,
      render: (n: number) => n.toLocaleString(lang),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, r) => (
        <Button size="small" icon={<LinkOutlined />} onClick={() => setLinking(r)}>
          {t('unmatched.link')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('unmatched.title')}
        sub={data ? t('common.total', { total: data.total.toLocaleString(lang) }) : t('common.loading')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void exportCsv()}
            loading={exporting}
            disabled={!data?.total}
          >
            {t('common.export')}
          </Button>
        }
      />
      <Alert type="info" showIcon message={t('unmatched.hint')} style={{ marginBottom: 16 }} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ maxWidth: 360 }}
          placeholder={t('unmatched.search')}
          enterButton={t('common.search')}
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
        />
      </Card>
      {error ? (
        <Card>
          <ErrorResult error={error} onRetry={reload} />
        </Card>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<UnmatchedName>
            rowKey="nameNorm"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={loading}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              onChange: setPage,
              showTotal: (total) => t('common.total', { total: total.toLocaleString(lang) }),
              style: { padding: '0 16px' },
            }}
            locale={{
              emptyText: loading ? (
                <div style={{ height: 120 }} />
              ) : (
                <Empty description={q ? t('common.noMatch') : t('unmatched.noneLeft')} />
              ),
            }}
          />
        </Card>
      )}
      <Modal
        open={!!linking}
        title={linking ? t('unmatched.linkTitle', { name: linking.name }) : ''}
        onCancel={closeModal}
        onOk={() => void link()}
        okButtonProps={{ disabled: !entityId, loading: saving }}
        okText={t('unmatched.link')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item
            label={t('unmatched.pickEntity')}
            validateStatus={linkError ? 'error' : undefined}
            help={linkError ?? undefined}
          >
            <EntityPicker value={entityId} onChange={(id) => setEntityId(id)} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
