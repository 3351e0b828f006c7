import { Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { fmtNumber } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import type { IndicatorValue } from '../types.ts';

/** Indicator values with their inputs: numerator, denominator and its source, rule version. */
export function IndicatorTable({ items, loading }: { items: IndicatorValue[]; loading?: boolean }) {
  const { t, lang } = useI18n();
  const columns: TableColumnsType<IndicatorValue> = [
    {
      title: t('ind.col.name'),
      key: 'name',
      render: (_: unknown, i) => (
        <>
          <div>{lang === 'zh-CN' ? i.nameZh : i.nameEn}</div>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {i.id}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('ind.col.value'),
      key: 'value',
      align: 'right',
      render: (_: unknown, i) =>
        i.value === null ? (
          <Tooltip title={i.reason}>
            <Typography.Text type="secondary">{t('ind.noValue')}</Typography.Text>
          </Tooltip>
        ) : (
          <b>
            {fmtNumber(i.value, lang)} {i.unit}
          </b>
        ),
    },
    {
      title: t('ind.col.numerator'),
      dataIndex: 'numerator',
      key: 'numerator',
      align: 'right',
      render: (v: number) => fmtNumber(v, lang),
    },
    {
      title: t('ind.col.denominator'),
      dataIndex: 'denominator',
      key: 'denominator',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : fmtNumber(v, lang)),
    },
    {
      title: t('ind.col.source'),
      key: 'source',
      render: (_: unknown, i) => (
        <Typography.Text type={i.reason ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
          {i.denominatorSource ?? i.reason ?? '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('ind.col.rule'),
      dataIndex: 'ruleVersion',
      key: 'rule',
      render: (v: string) => (
        <Typography.Text code style={{ fontSize: 12 }}>
          {v}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<IndicatorValue>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={items}
      pagination={false}
      data-testid="indicator-table"
    />
  );
}
