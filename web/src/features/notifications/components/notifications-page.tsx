import { CheckOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, List, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ListFooter } from '../../../components/list-footer.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { fmtDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useCursorList } from '../../../lib/use-cursor-list.ts';
import { getNotifications } from '../api/get-notifications.ts';
import { markRead } from '../api/mark-read.ts';
import type { Notification } from '../types.ts';
import { NOTIFICATIONS_CHANGED } from './notification-bell.tsx';

/** 消息通知: my notifications, newest first; mark read one by one or all, follow the link. */
export function NotificationsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useCursorList<Notification>(
    (cursor, limit, signal) => getNotifications({ cursor, limit, unread: unreadOnly }, signal),
    String(unreadOnly),
  );

  const changed = () => {
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
    list.reload();
  };
  const markOne = async (n: Notification) => {
    if (!n.readAt) await markRead([n.id]);
    changed();
  };
  const markAll = async () => {
    try {
      const r = await markRead('all');
      void message.success(t('notifications.markedAll', { n: r.updated }));
      changed();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const follow = async (n: Notification) => {
    await markOne(n).catch(() => undefined);
    if (n.link) void navigate(n.link);
  };

  return (
    <>
      <PageTitle
        title={t('notifications.title')}
        sub={t('notifications.subtitle')}
        extra={
          <>
            <Space>
              <Switch checked={unreadOnly} onChange={setUnreadOnly} data-testid="notifications-unread-only" />
              {t('notifications.unreadOnly')}
            </Space>
            <Button
              icon={<CheckOutlined />}
              onClick={() => void markAll()}
              data-testid="notifications-mark-all"
            >
              {t('notifications.markAllRead')}
            </Button>
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {list.error ? (
          <ErrorResult error={list.error} onRetry={list.reload} />
        ) : (
          <List<Notification>
            loading={list.loading}
            dataSource={list.items}
            locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
            data-testid="notifications-list"
            renderItem={(n) => (
              <List.Item
                style={{ padding: '12px 24px', background: n.readAt ? undefined : '#f0f7ff' }}
                actions={[
                  n.link ? (
                    <Button key="open" type="link" onClick={() => void follow(n)}>
                      {t('notifications.open')}
                    </Button>
                  ) : null,
                  n.readAt ? null : (
                    <Button key="read" type="link" onClick={() => void markOne(n)}>
                      {t('notifications.markRead')}
                    </Button>
                  ),
                ].filter(Boolean)}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      <Badge status={n.readAt ? 'default' : 'processing'} />
                      <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 4 }}>
                        {n.body}
                      </Typography.Paragraph>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmtDateTime(n.createdAt)} ·{' '}
                        {n.readAt ? t('notifications.read') : t('notifications.unread')}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <ListFooter
        loaded={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.loadingMore}
        onMore={list.loadMore}
      />
    </>
  );
}
