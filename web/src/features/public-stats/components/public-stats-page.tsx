import { DownloadOutlined, LoginOutlined, TranslationOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Layout, Select, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorResult } from '../../../components/error-result.tsx';
import { fmtDateTime } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { echarts, ReactECharts } from '../../analytics/components/echarts.ts';
import { PUBLIC_CSV_URL, fetchPublicIndicators } from '../api/public-indicators.ts';
import type { PublicIndicator, PublishedPeriod } from '../types.ts';

/** One indicator's published values over the periods, oldest first. */
function history(periods: PublishedPeriod[], id: string) {
  return [...periods]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((p) => ({ period: p.period, value: p.items.find((i) => i.id === id)?.value ?? null }));
}

/** 公开统计: the published indicators by period with their sources; no login. */
export function PublicStatsPage() {
  const { t, lang, setLang } = useI18n();
  const s = useAsync((signal) => fetchPublicIndicators(signal), []);
  const periods = useMemo(() => (s.data?.items ?? []).filter((p) => p.street === null), [s.data]);
  const [period, setPeriod] = useState<string>();
  const [indicator, setIndicator] = useState<string>();
  const shown = periods.find((p) => p.period === period) ?? periods[0];
  const chosen = indicator ?? shown?.items[0]?.id;
  const name = (i: PublicIndicator) => (lang === 'zh-CN' ? i.nameZh : i.nameEn);

  let body;
  if (s.error) body = <ErrorResult error={s.error} onRetry={s.reload} />;
  else if (s.loading) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (!shown) body = <Empty description={t('pub.none')} data-testid="pub-empty" />;
  else
    body = (
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Space wrap>
          <span>{t('pub.period')}</span>
          <Select
            style={{ width: 200 }}
            value={shown.period}
            onChange={setPeriod}
            options={periods.map((p) => ({ value: p.period, label: p.period }))}
            data-testid="pub-period"
          />
          <Typography.Text type="secondary">
            {t('pub.meta', {
              at: shown.at,
              version: shown.version,
              published: fmtDateTime(shown.publishedAt),
              records: shown.recordCount.toLocaleString(lang),
            })}
          </Typography.Text>
        </Space>
        <Table<PublicIndicator>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={shown.items}
          data-testid="pub-table"
          tableLayout="fixed"
          columns={[
            {
              title: t('pub.col.indicator'),
              key: 'name',
              width: 280,
              render: (_, i) => <strong>{name(i)}</strong>,
            },
            {
              title: t('pub.col.value'),
              key: 'value',
              align: 'right',
              width: 150,
              render: (_, i) =>
                i.value === null ? (
                  <Tooltip title={i.reason}>
                    <Typography.Text type="secondary">{t('pub.noValue')}</Typography.Text>
                  </Tooltip>
                ) : (
                  <span data-testid={`pub-value-${i.id}`}>
                    {i.value.toLocaleString(lang)} <small>{i.unit}</small>
                  </span>
                ),
            },
            {
              title: t('pub.col.inputs'),
              key: 'inputs',
              width: 170,
              render: (_, i) =>
                `${i.numerator.toLocaleString(lang)}${i.denominator !== null ? ` / ${i.denominator.toLocaleString(lang)}` : ''}`,
            },
            {
              title: t('pub.col.source'),
              key: 'source',
              render: (_, i) => (
                <Typography.Text style={{ fontSize: 12 }}>{i.denominatorSource ?? '—'}</Typography.Text>
              ),
            },
            {
              title: t('pub.col.rule'),
              key: 'rule',
              width: 200,
              ellipsis: { showTitle: true },
              render: (_, i) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.ruleVersion}
                </Typography.Text>
              ),
            },
          ]}
        />
        {periods.length > 1 && chosen ? (
          <Card
            size="small"
            title={t('pub.history')}
            extra={
              <Select
                style={{ width: 260 }}
                value={chosen}
                onChange={setIndicator}
                options={shown.items.map((i) => ({ value: i.id, label: name(i) }))}
              />
            }
          >
            <ReactECharts
              echarts={echarts}
              style={{ height: 260 }}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: history(periods, chosen).map((h) => h.period) },
                yAxis: { type: 'value', scale: true },
                series: [{ type: 'line', data: history(periods, chosen).map((h) => h.value), symbolSize: 6 }],
              }}
            />
          </Card>
        ) : null}
      </Space>
    );

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }} data-testid="public-stats">
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          background: '#001529',
        }}
      >
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          {t('app.short')} · {t('pub.title')}
        </Typography.Title>
        <Space>
          <Button
            type="text"
            style={{ color: '#fff' }}
            icon={<TranslationOutlined />}
            onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
          >
            {lang === 'zh-CN' ? 'English' : '中文'}
          </Button>
          <Link to="/login">
            <Button icon={<LoginOutlined />}>{t('pub.login')}</Button>
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Card
          title={t('pub.heading')}
          extra={
            <Button icon={<DownloadOutlined />} href={PUBLIC_CSV_URL} download data-testid="pub-csv">
              {t('pub.csv')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">{t('pub.intro')}</Typography.Paragraph>
          {body}
        </Card>
      </Layout.Content>
    </Layout>
  );
}
