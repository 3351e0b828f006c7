import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { useSession } from '../../auth/session.tsx';
import { getUnreadCount } from '../api/get-unread-count.ts';

const POLL_MS = 60_000;
/** Dispatched on window when notifications were marked read, so the bell recounts at once. */
export const NOTIFICATIONS_CHANGED = 'zhihui:notifications-changed';

/** The bell in the header: the unread count, refreshed every minute, on navigation and after marking read. */
export function NotificationBell() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const allowed = can('notification:read');
  const { data, reload } = useAsync(
    (signal) => (allowed ? getUnreadCount(signal) : Promise.resolve({ unread: 0 })),
    [allowed, location.pathname],
  );
  useEffect(() => {
    if (!allowed) return undefined;
    const timer = window.setInterval(reload, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, reload);
    };
  }, [allowed, reload]);
  if (!allowed) return null;
  return (
    <Tooltip title={t('notifications.bell')}>
      <Badge count={data?.unread ?? 0} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notifications.bell')}
          data-testid="notification-bell"
          onClick={() => void navigate('/notifications')}
        />
      </Badge>
    </Tooltip>
  );
}
