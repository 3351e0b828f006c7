import { DollarOutlined, FieldTimeOutlined, PercentageOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Skeleton, Space, Table, Tag, Tooltip, Typography, theme } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { DeadlineStateTag } from '../../../components/label-tag.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { fmtDate, fmtMoney } from '../../../lib/format.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { getAssetDeadlines } from '../api/get-asset-deadlines.ts';
import type { AnnualFeeDeadline, CompensationPeriod, RenewalDeadline, Schedule } from '../types.ts';
import { nextUnpaid, UNPAID_STATES } from './owed.ts';
import { PaymentModal } from './payment-modal.tsx';
import { ReductionModal } from './reduction-modal.tsx';

/** The server explains an empty schedule in English; these are its notes (lifecycle.service.ts). */
const NOTES: [RegExp, MessageKey][] = [
  [/CN rights only/, 'deadline.note.cnOnly'],
  [/patent type is not known/, 'deadline.note.noType'],
  [/no filing date/, 'deadline.note.noFiling'],
  [/not granted yet/, 'deadline.note.notGranted'],
  [/not registered yet/, 'deadline.note.notRegistered'],
  [/copyright/, 'deadline.note.copyright'],
];

interface Props {
  assetId: number;
  /** change it to reload the schedule (after a legal event, which can end or restore a right) */
  refreshKey: number;
  canWrite: boolean;
  /** open the legal-event dialog with this code (trademark renewals are TM_RENEW events) */
  onRecordEvent(code: string): void;
}

/** 期限与缴费: the annual fees of a patent or the renewal terms of a trademark, with the write actions. */
export function AssetDeadlinesCard({ assetId, refreshKey, canWrite, onRecordEvent }: Props) {
  const { t } = useI18n();
  const { data, error, loading, reload, setData } = useAsync(
    (signal) => getAssetDeadlines(assetId, undefined, signal),
    [assetId, refreshKey],
  );
  const [payYear, setPayYear] = useState<number | undefined>();
  const [paying, setPaying] = useState(false);
  const [reducing, setReducing] = useState(false);

  const fees = (data?.deadlines ?? []).filter((d): d is AnnualFeeDeadline => d.kind === 'annual_fee');
  const terms = (data?.deadlines ?? []).filter((d): d is RenewalDeadline => d.kind === 'trademark_renewal');
  const next = nextUnpaid(fees);
  const openPayment = (year: number | undefined) => {
    setPayYear(year);
    setPaying(true);
  };
  const saved = (s: Schedule) => {
    setData(s);
    setPaying(false);
    setReducing(false);
  };

  const extra = (
    <Space size={8} wrap>
      {data ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('deadline.asOf', { date: data.asOf })}
        </Typography.Text>
      ) : null}
      {canWrite && fees.length ? (
        <>
          <Button size="small" icon={<PercentageOutlined />} onClick={() => setReducing(true)}>
            {t('deadline.reduction')}
          </Button>
          <Button
            size="small"
            type="primary"
            icon={<DollarOutlined />}
            onClick={() => openPayment(next?.patentYear)}
            data-testid="record-payment"
          >
            {t('deadline.pay')}
          </Button>
        </>
      ) : null}
      {canWrite && terms.length ? (
        <Button
          size="small"
          type="primary"
          icon={<FieldTimeOutlined />}
          onClick={() => onRecordEvent('TM_RENEW')}
        >
          {t('deadline.renew')}
        </Button>
      ) : null}
    </Space>
  );

  let body;
  if (loading && !data) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (error && !data) body = <ErrorResult compact error={error} onRetry={reload} />;
  else if (!data) body = null;
  else if (data.deadlines.length === 0) {
    const key = NOTES.find(([re]) => re.test(data.note ?? ''))?.[1];
    body = <Alert type="info" showIcon message={key ? t(key) : (data.note ?? t('common.empty'))} />;
  } else if (fees.length)
    body = (
      <FeeTable
        fees={fees}
        next={next?.state === 'open' || next?.state === 'in_grace' ? next.patentYear : undefined}
        loading={loading}
        onPay={canWrite ? openPayment : undefined}
      />
    );
  else body = <RenewalTable terms={terms} loading={loading} />;

  return (
    <Card
      title={terms.length ? `${t('deadline.card')} · ${t('deadline.renewals')}` : t('deadline.card')}
      extra={extra}
      styles={{ body: { padding: 0 } }}
    >
      <div data-testid="deadlines-card" style={{ padding: data && data.deadlines.length ? 0 : 16 }}>
        {body}
      </div>
      {data?.termCompensation ? <TermCompensationAlert period={data.termCompensation} /> : null}
      {fees.length ? (
        <>
          <PaymentModal
            open={paying}
            assetId={assetId}
            fees={fees}
            year={payYear}
            onClose={() => setPaying(false)}
            onSaved={saved}
          />
          <ReductionModal
            open={reducing}
            assetId={assetId}
            current={[...fees].reverse().find((f) => f.reduction)?.reduction ?? null}
            onClose={() => setReducing(false)}
            onSaved={saved}
          />
        </>
      ) : null}
    </Card>
  );
}

/** 专利权期限补偿: the days after the statutory term, whose annual fee the reference sources do not give. */
function TermCompensationAlert({ period }: { period: CompensationPeriod }) {
  const { t } = useI18n();
  return (
    <div style={{ padding: '0 16px 16px' }}>
      <Alert
        type="warning"
        showIcon
        data-testid="deadlines-term-compensation"
        message={t('lifecycle.termComp.extended', { days: period.days, from: period.from, to: period.to })}
        description={
          <>
            {t('lifecycle.termComp.feeUnknown')}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('lifecycle.termComp.basis', { basis: period.basis })}
            </Typography.Text>
          </>
        }
      />
    </div>
  );
}

function FeeTable({
  fees,
  next,
  loading,
  onPay,
}: {
  fees: AnnualFeeDeadline[];
  next: number | undefined;
  loading: boolean;
  onPay?: (year: number) => void;
}) {
  const { t, lang } = useI18n();
  const { token } = theme.useToken();
  const bases = [...new Set(fees.map((f) => f.feeBasis))];
  const money = (n: number | null) => fmtMoney(n, lang);

  const columns: TableColumnsType<AnnualFeeDeadline> = [
    {
      title: t('deadline.col.year'),
      key: 'year',
      fixed: 'left',
      width: 120,
      render: (_: unknown, f) => (
        <Space size={4} wrap={false}>
          <span style={{ whiteSpace: 'nowrap', fontWeight: f.patentYear === next ? 600 : undefined }}>
            {t('deadline.yearN', { n: f.patentYear })}
          </span>
          {f.grantYearFee ? <Tag bordered={false}>{t('deadline.grantYear')}</Tag> : null}
          {f.patentYear === next ? <Tag color="blue">{t('deadline.next')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('deadline.col.opensOn'), dataIndex: 'opensOn', key: 'opensOn', render: fmtDate },
    {
      title: t('deadline.col.dueDate'),
      dataIndex: 'dueDate',
      key: 'dueDate',
      render: (v: string, f) =>
        v !== f.anniversary && !f.grantYearFee ? (
          <Tooltip title={`${f.anniversary} → ${v}`}>
            <span style={{ borderBottom: '1px dotted' }}>{v}</span>
          </Tooltip>
        ) : (
          v
        ),
    },
    { title: t('deadline.col.amount'), dataIndex: 'amount', key: 'amount', align: 'right', render: money },
    {
      title: t('deadline.col.reducedAmount'),
      dataIndex: 'reducedAmount',
      key: 'reducedAmount',
      align: 'right',
      render: (v: number, f) =>
        f.reduction ? (
          <Tooltip title={f.reduction}>
            <Typography.Text type="success">{money(v)}</Typography.Text>
          </Tooltip>
        ) : (
          money(v)
        ),
    },
    { title: t('deadline.col.graceEnd'), dataIndex: 'graceEnd', key: 'graceEnd', render: fmtDate },
    {
      title: t('deadline.col.state'),
      key: 'state',
      width: 120,
      render: (_: unknown, f) => (
        <Space direction="vertical" size={0} style={{ whiteSpace: 'nowrap' }}>
          <DeadlineStateTag state={f.state} kind="annual_fee" />
          {f.restoredOn ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('deadline.restoredOn', { date: f.restoredOn })}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('deadline.col.paid'),
      key: 'paid',
      render: (_: unknown, f) =>
        f.paidOn ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            {f.paidOn} · {money(f.paidAmount)}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('deadline.col.lateFee'),
      key: 'lateFee',
      align: 'right',
      render: (_: unknown, f) =>
        f.lateFeeIfPaidToday && f.state !== 'not_yet_due' ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            {f.lateFeeIfPaidToday.amount > 0 ? (
              <Typography.Text type="warning">
                {money(f.lateFeeIfPaidToday.amount)} ({f.lateFeeIfPaidToday.percent}%)
              </Typography.Text>
            ) : (
              money(0)
            )}
          </span>
        ) : (
          '—'
        ),
    },
    ...(onPay
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, f: AnnualFeeDeadline) =>
              UNPAID_STATES.has(f.state) && f.state !== 'not_yet_due' ? (
                <Button size="small" type="link" onClick={() => onPay(f.patentYear)}>
                  {t('deadline.payThis')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <Table<AnnualFeeDeadline>
        size="small"
        rowKey="patentYear"
        columns={columns}
        dataSource={fees}
        loading={loading}
        pagination={false}
        scroll={{ x: 1000 }}
        onRow={(f) => (f.patentYear === next ? { style: { background: token.colorPrimaryBg } } : {})}
      />
      <div style={{ padding: '8px 16px 12px' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {bases.map((b) => t('deadline.feeBasis', { basis: b })).join('；')}
          <br />
          {t('deadline.lateFeeBasis')}
        </Typography.Text>
      </div>
    </>
  );
}

function RenewalTable({ terms, loading }: { terms: RenewalDeadline[]; loading: boolean }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const current = terms.find((x) => x.state === 'in_window' || x.state === 'in_grace')?.term;
  const columns: TableColumnsType<RenewalDeadline> = [
    {
      title: t('deadline.col.term'),
      key: 'term',
      render: (_: unknown, x) => (
        <Space size={4}>
          <span style={{ whiteSpace: 'nowrap' }}>{t('deadline.termN', { n: x.term })}</span>
          {x.term === current ? <Tag color="blue">{t('deadline.next')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('deadline.col.termStart'), dataIndex: 'termStart', key: 'termStart' },
    { title: t('deadline.col.expiry'), dataIndex: 'expiry', key: 'expiry' },
    {
      title: t('deadline.col.window'),
      key: 'window',
      render: (_: unknown, x) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {x.windowStart} ~ {x.windowEnd}
        </span>
      ),
    },
    { title: t('deadline.col.tmGrace'), dataIndex: 'graceEnd', key: 'graceEnd' },
    {
      title: t('deadline.col.state'),
      key: 'state',
      render: (_: unknown, x) => <DeadlineStateTag state={x.state} kind="trademark_renewal" />,
    },
    { title: t('deadline.col.renewedOn'), dataIndex: 'renewedOn', key: 'renewedOn', render: fmtDate },
  ];
  const bases = [...new Set(terms.map((x) => x.basis))];
  return (
    <>
      <Table<RenewalDeadline>
        size="small"
        rowKey="term"
        columns={columns}
        dataSource={terms}
        loading={loading}
        pagination={false}
        scroll={{ x: 800 }}
        onRow={(x) => (x.term === current ? { style: { background: token.colorPrimaryBg } } : {})}
      />
      <div style={{ padding: '8px 16px 12px' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {bases.map((b) => t('deadline.renewBasis', { basis: b })).join('；')}
        </Typography.Text>
      </div>
    </>
  );
}
