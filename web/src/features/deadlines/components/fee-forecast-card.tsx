import { Card, Col, Empty, Progress, Row, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { DeadlineStateTag } from '../../../components/label-tag.tsx';
import { PendingCard } from '../../../components/pending-card.tsx';
import { fmtMoney } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { DEADLINE_KIND_LABELS } from '../../../lib/labels.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { getFeeForecast } from '../api/get-fee-forecast.ts';
import type { FeeForecast } from '../types.ts';
import { useAssetNames } from './use-asset-names.ts';

const YEARS = 5;
const NEXT_PAGE = 6;

type Year = FeeForecast['forecast'][number];
type Next = FeeForecast['next'][number];

/** 年费预测: an entity's unpaid annual fees per year for the next 5 years, and its next deadlines. */
export function FeeForecastCard({ entityId }: { entityId: number }) {
  const { t, lang, code } = useI18n();
  const { data, error, loading, reload } = useAsync(
    (signal) => getFeeForecast(entityId, YEARS, signal),
    [entityId],
  );
  const [page, setPage] = useState(1);
  const next = data?.next ?? [];
  const shown = next.slice((page - 1) * NEXT_PAGE, page * NEXT_PAGE);
  const names = useAssetNames(shown.map((n) => n.assetId));

  const title = (
    <span>
      {t('forecast.title')}{' '}
      <Tooltip title={t('forecast.hint')}>
        <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)', fontSize: 13 }} />
      </Tooltip>
    </span>
  );
  if (error || !data)
    return <PendingCard title={title} loading={loading && !data} error={error} onRetry={reload} />;

  const max = Math.max(0, ...data.forecast.map((y) => y.fees));
  const total = data.forecast.reduce((s, y) => s + y.fees, 0);
  const money = (n: number | null) => fmtMoney(n, lang);

  const yearColumns: TableColumnsType<Year> = [
    { title: t('forecast.year'), dataIndex: 'year', key: 'year', width: 70 },
    {
      title: t('forecast.fees'),
      key: 'bar',
      colSpan: 2,
      render: (_: unknown, y) => (
        <Progress
          percent={max ? (y.fees / max) * 100 : 0}
          showInfo={false}
          size="small"
          strokeColor="#1d4ed8"
          style={{ margin: 0, minWidth: 80 }}
        />
      ),
    },
    {
      title: '',
      colSpan: 0,
      dataIndex: 'fees',
      key: 'fees',
      align: 'right',
      width: 110,
      render: (v: number) => <span style={{ whiteSpace: 'nowrap' }}>{money(v)}</span>,
    },
    { title: t('forecast.count'), dataIndex: 'count', key: 'count', align: 'right', width: 64 },
  ];

  const nextColumns: TableColumnsType<Next> = [
    {
      title: t('watch.col.due'),
      dataIndex: 'dueDate',
      key: 'dueDate',
      width: 100,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    {
      title: t('watch.col.asset'),
      key: 'asset',
      render: (_: unknown, n) => {
        const name = names.get(n.assetId);
        return (
          <div style={{ minWidth: 0 }}>
            <Link to={`/assets/${n.assetId}`}>
              <Typography.Text ellipsis style={{ maxWidth: 320, color: 'inherit' }}>
                {name?.title ?? name?.number ?? `#${n.assetId}`}
              </Typography.Text>
            </Link>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {code(DEADLINE_KIND_LABELS, n.kind)} ·{' '}
                {n.kind === 'annual_fee'
                  ? t('deadline.yearN', { n: n.period })
                  : t('deadline.termN', { n: n.period })}
                {name ? ` · ${name.number}` : ''}
              </Typography.Text>
            </div>
          </div>
        );
      },
    },
    {
      title: t('watch.col.amount'),
      dataIndex: 'amount',
      key: 'amount',
      align: 'right',
      width: 90,
      render: (v: number | null) => <span style={{ whiteSpace: 'nowrap' }}>{money(v)}</span>,
    },
    {
      title: t('watch.col.state'),
      key: 'state',
      width: 110,
      render: (_: unknown, n) => <DeadlineStateTag state={n.state} kind={n.kind} />,
    },
  ];

  return (
    <Card
      title={title}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('deadline.asOf', { date: data.asOf })}
        </Typography.Text>
      }
    >
      <Row gutter={[24, 16]} data-testid="fee-forecast">
        <Col xs={24} lg={10}>
          {total === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('forecast.none', { years: YEARS })} />
          ) : (
            <Table<Year>
              size="small"
              rowKey="year"
              columns={yearColumns}
              dataSource={data.forecast}
              pagination={false}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <b>{t('common.sum')}</b>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <b style={{ whiteSpace: 'nowrap' }}>{money(total)}</b>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <b>{data.forecast.reduce((s, y) => s + y.count, 0)}</b>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          )}
        </Col>
        <Col xs={24} lg={14}>
          <Table<Next>
            size="small"
            rowKey={(n) => `${n.assetId}:${n.kind}:${n.period}`}
            columns={nextColumns}
            dataSource={next}
            title={() => <b>{t('forecast.next')}</b>}
            pagination={
              next.length > NEXT_PAGE
                ? {
                    current: page,
                    pageSize: NEXT_PAGE,
                    onChange: setPage,
                    size: 'small',
                    showSizeChanger: false,
                  }
                : false
            }
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('forecast.nextNone')} />,
            }}
            scroll={{ x: 520 }}
          />
        </Col>
      </Row>
    </Card>
  );
}
