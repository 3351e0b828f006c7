import { DeleteOutlined, EditOutlined, FileSearchOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, Popconfirm, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { fmtDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import {
  deleteSavedSearch,
  listSavedSearches,
  openSavedSearch,
  updateSavedSearch,
} from '../api/saved-searches.ts';
import type { SavedSearch } from '../types.ts';
import { SaveSearchModal } from './save-search-modal.tsx';

/** 我的检索: saved searches with their new-record counts; open, rename, subscribe, delete. */
export function SavedSearchesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const list = useAsync((signal) => listSavedSearches(signal), []);
  const [renaming, setRenaming] = useState<SavedSearch | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const act = async (id: number, action: () => Promise<void>) => {
    setBusy(id);
    try {
      await action();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const open = (s: SavedSearch) =>
    act(s.id, async () => {
      const r = await openSavedSearch(s.id);
      if (r.newCount > 0) void message.info(t('savedSearch.openedNew', { name: r.name, n: r.newCount }));
      navigate(`/search?q=${encodeURIComponent(r.query)}&sort=newest`);
    });
  const subscribe = (s: SavedSearch, on: boolean) =>
    act(s.id, async () => {
      const r = await updateSavedSearch(s.id, { subscribed: on });
      list.setData((list.data ?? []).map((x) => (x.id === r.id ? r : x)));
    });
  const remove = (s: SavedSearch) =>
    act(s.id, async () => {
      await deleteSavedSearch(s.id);
      void message.success(t('savedSearch.deleted', { name: s.name }));
      list.setData((list.data ?? []).filter((x) => x.id !== s.id));
    });

  let body;
  if (list.error) body = <ErrorResult error={list.error} onRetry={list.reload} />;
  else if (!list.loading && (list.data ?? []).length === 0)
    body = (
      <Empty description={t('savedSearch.empty')} style={{ padding: '48px 0' }} data-testid="saved-empty">
        <Button type="primary" icon={<FileSearchOutlined />} onClick={() => navigate('/search')}>
          {t('savedSearch.toSearch')}
        </Button>
      </Empty>
    );
  else
    body = (
      <Table<SavedSearch>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="saved-table"
        columns={[
          {
            title: t('savedSearch.name'),
            dataIndex: 'name',
            render: (_, s) => (
              <Typography.Link strong onClick={() => void open(s)}>
                {s.name}
              </Typography.Link>
            ),
          },
          {
            title: t('savedSearch.query'),
            dataIndex: 'query',
            render: (q: string) => <Typography.Text code>{q || '—'}</Typography.Text>,
          },
          {
            title: t('savedSearch.newSince'),
            dataIndex: 'newCount',
            width: 140,
            render: (n: number) =>
              n > 0 ? (
                <Badge count={t('savedSearch.newCount', { n })} color="#1677ff" />
              ) : (
                <Typography.Text type="secondary">0</Typography.Text>
              ),
          },
          {
            title: t('savedSearch.subscribe'),
            dataIndex: 'subscribed',
            width: 130,
            render: (on: boolean, s) => (
              <Switch checked={on} loading={busy === s.id} onChange={(v) => void subscribe(s, v)} />
            ),
          },
          {
            title: t('savedSearch.lastVisit'),
            dataIndex: 'lastVisitedAt',
            width: 170,
            render: (v: string) => fmtDateTime(v),
          },
          {
            key: 'actions',
            width: 220,
            render: (_, s) => (
              <Space size={0}>
                <Button type="link" onClick={() => void open(s)}>
                  {t('savedSearch.open')}
                </Button>
                <Button type="link" icon={<EditOutlined />} onClick={() => setRenaming(s)}>
                  {t('savedSearch.rename')}
                </Button>
                <Popconfirm
                  title={t('savedSearch.deleteConfirm', { name: s.name })}
                  onConfirm={() => void remove(s)}
                >
                  <Button type="link" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    );

  return (
    <>
      <PageTitle title={t('savedSearch.title')} sub={t('savedSearch.sub')} />
      <Card size="small">{body}</Card>
      <SaveSearchModal
        target={renaming}
        onClose={() => setRenaming(null)}
        onSaved={(r) => {
          setRenaming(null);
          list.setData((list.data ?? []).map((x) => (x.id === r.id ? r : x)));
        }}
      />
    </>
  );
}
