import { QuestionCircleOutlined } from '@ant-design/icons';
import { Badge, Calendar, Card, Tooltip, Typography } from 'antd';
import type { BadgeProps, CalendarProps } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { PendingCard } from '../../../components/pending-card.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { DEADLINE_STATE_COLORS } from '../../../lib/labels.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { getFeeForecast } from '../api/get-fee-forecast.ts';
import type { FeeForecast } from '../types.ts';
import { useAssetNames, type AssetName } from './use-asset-names.ts';

type Next = FeeForecast['next'][number];
type CalendarMode = NonNullable<CalendarProps<Dayjs>['mode']>;

/** the forecast's horizon, and enough of its deadlines to fill the calendar over it */
const YEARS = 5;
const LIMIT = 2000;
/** entries shown in a day cell before "n more" */
const PER_DAY = 3;

function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function DayEntry({ n, name }: { n: Next; name: AssetName | undefined }) {
  const { t } = useI18n();
  const what =
    n.kind === 'annual_fee'
      ? t('portfolio.calendar.fee', { n: n.period })
      : t('portfolio.calendar.renewal', { n: n.period });
  const status = (DEADLINE_STATE_COLORS[n.state] ?? 'default') as BadgeProps['status'];
  return (
    <li style={{ lineHeight: '18px' }}>
      <Link to={`/assets/${n.assetId}`} onClick={(e) => e.stopPropagation()}>
        <Tooltip title={`${name?.title ?? ''} ${name?.number ?? `#${n.assetId}`} · ${what}`}>
          <span style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0 }}>
            <Badge status={status} />
            <Typography.Text ellipsis style={{ fontSize: 12, flex: 1, minWidth: 0 }}>
              {name?.number ?? `#${n.assetId}`} {what}
            </Typography.Text>
          </span>
        </Tooltip>
      </Link>
    </li>
  );
}

/**
 * 期限日历: an entity's coming deadlines (annual fees, trademark renewals) on a month calendar, each a
 * link to its right; the year view counts them per month. Same computation as the fee forecast.
 */
export function DeadlineCalendarCard({ entityId }: { entityId: number }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync(
    (signal) => getFeeForecast(entityId, YEARS, signal, LIMIT),
    [entityId],
  );
  const [shown, setShown] = useState<Dayjs>(() => dayjs());
  const [mode, setMode] = useState<CalendarMode>('month');
  const [opened, setOpened] = useState(false);
  // open on the month of the next deadline when the current month has none
  useEffect(() => {
    if (!data || opened) return;
    setOpened(true);
    const today = dayjs().format('YYYY-MM-DD');
    const next = data.next.find((n) => n.dueDate >= today);
    if (next && !data.next.some((n) => n.dueDate.startsWith(today.slice(0, 7))))
      setShown(dayjs(next.dueDate));
  }, [data, opened]);
  const byDay = useMemo(() => groupBy(data?.next ?? [], (n) => n.dueDate), [data]);
  const byMonth = useMemo(() => groupBy(data?.next ?? [], (n) => n.dueDate.slice(0, 7)), [data]);
  const month = byMonth.get(shown.format('YYYY-MM')) ?? [];
  // the month grid shows days of the months either side too
  const visible = [-1, 0, 1].flatMap((k) => byMonth.get(shown.add(k, 'month').format('YYYY-MM')) ?? []);
  const names = useAssetNames(visible.map((n) => n.assetId));

  const title = (
    <span>
      {t('portfolio.calendar.title')}{' '}
      <Tooltip title={t('portfolio.calendar.hint')}>
        <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)', fontSize: 13 }} />
      </Tooltip>
    </span>
  );
  if (error || !data)
    return <PendingCard title={title} loading={loading && !data} error={error} onRetry={reload} rows={8} />;

  const cellRender: CalendarProps<Dayjs>['cellRender'] = (current, info) => {
    if (info.type === 'month') {
      const n = byMonth.get(current.format('YYYY-MM'))?.length ?? 0;
      return n ? <Badge count={t('portfolio.calendar.yearCell', { n })} color="#1d4ed8" /> : null;
    }
    if (info.type !== 'date') return info.originNode;
    const items = byDay.get(current.format('YYYY-MM-DD')) ?? [];
    if (items.length === 0) return null;
    return (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="calendar-day">
        {items.slice(0, PER_DAY).map((n) => (
          <DayEntry key={`${n.assetId}:${n.kind}:${n.period}`} n={n} name={names.get(n.assetId)} />
        ))}
        {items.length > PER_DAY ? (
          <li>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('portfolio.calendar.more', { n: items.length - PER_DAY })}
            </Typography.Text>
          </li>
        ) : null}
      </ul>
    );
  };

  return (
    <Card
      title={title}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {month.length
            ? t('portfolio.calendar.month', { n: month.length })
            : t('portfolio.calendar.monthNone')}
          {' · '}
          {t('deadline.asOf', { date: data.asOf })}
        </Typography.Text>
      }
      data-testid="deadline-calendar"
    >
      <Calendar
        value={shown}
        mode={mode}
        onPanelChange={(d, m) => {
          setShown(d);
          setMode(m);
        }}
        onSelect={(d, { source }) => {
          setShown(d);
          if (source === 'month') setMode('month'); // a month of the year view opens that month
        }}
        cellRender={cellRender}
      />
    </Card>
  );
}
