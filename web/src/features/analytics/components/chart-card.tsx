import { DownloadOutlined, FileExcelOutlined, PictureOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Empty, Skeleton, Tooltip } from 'antd';
import { useRef, type ReactNode } from 'react';
import { ErrorResult } from '../../../components/error-result.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { echarts, ReactECharts, type EChartsOption } from './echarts.ts';
import { exportCsv, exportPng, exportXlsx, type ChartTable } from './export.ts';

export interface ChartClick {
  name?: string;
  seriesName?: string;
  dataIndex: number;
  data?: unknown;
}

/**
 * One dashboard chart in a card: designed loading, empty and error states; export of its data (CSV, XLSX)
 * and picture (PNG from the chart instance); a click on a mark is passed on for the drill-down.
 */
export function ChartCard(p: {
  id: string;
  title: ReactNode;
  extra?: ReactNode;
  note?: ReactNode;
  option: EChartsOption | undefined;
  table: ChartTable | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  onClick?: (e: ChartClick) => void;
  height?: number;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const ref = useRef<ReactECharts>(null);
  const empty = !p.loading && !p.error && (!p.table || p.table.rows.length === 0);
  const name = `zhihui-${p.id}`;
  const sheet = typeof p.title === 'string' ? p.title : p.id;
  const exports = (
    <Dropdown
      trigger={['click']}
      disabled={!p.table || empty}
      menu={{
        items: [
          { key: 'csv', icon: <DownloadOutlined />, label: t('dash.export.csv') },
          { key: 'xlsx', icon: <FileExcelOutlined />, label: t('dash.export.xlsx') },
          { key: 'png', icon: <PictureOutlined />, label: t('dash.export.png') },
        ],
        onClick: ({ key }) => {
          if (!p.table) return;
          if (key === 'csv') exportCsv(name, p.table);
          else if (key === 'xlsx')
            void exportXlsx(name, sheet, p.table).catch((e: unknown) => message.error(String(e)));
          else {
            const chart = ref.current?.getEchartsInstance();
            if (chart) exportPng(name, chart);
          }
        },
      }}
    >
      <Tooltip title={t('dash.export')}>
        <Button
          size="small"
          icon={<DownloadOutlined />}
          data-testid={`export-${p.id}`}
          aria-label={t('dash.export')}
        />
      </Tooltip>
    </Dropdown>
  );
  return (
    <Card
      title={p.title}
      size="small"
      extra={
        <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
          {p.extra}
          {exports}
        </span>
      }
      data-testid={`chart-${p.id}`}
      styles={{ body: { minHeight: (p.height ?? 320) + 8 } }}
    >
      {p.error ? (
        <ErrorResult error={p.error} onRetry={p.onRetry} compact />
      ) : p.loading && !p.option ? (
        <Skeleton active paragraph={{ rows: 7 }} />
      ) : empty ? (
        <Empty description={t('dash.empty')} style={{ paddingTop: 64 }} />
      ) : p.option ? (
        <ReactECharts
          ref={ref}
          echarts={echarts}
          option={p.option}
          notMerge
          showLoading={p.loading}
          style={{ height: p.height ?? 320, cursor: p.onClick ? 'pointer' : undefined }}
          onEvents={p.onClick ? { click: (e: ChartClick) => p.onClick!(e) } : undefined}
        />
      ) : null}
      {p.note ? <div style={{ marginTop: 8, color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{p.note}</div> : null}
    </Card>
  );
}
