import { Card, DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { getIndicators } from '../api/indicators.ts';
import { IndicatorTable } from './indicator-table.tsx';
import { useRegion } from './use-region.ts';

/** 指标计算: every indicator of the region or a street as of any date, with its inputs. */
export function IndicatorsPage() {
  const { t } = useI18n();
  const { region, streets, error: regionError } = useRegion();
  const [at, setAt] = useState(dayjs().format('YYYY-MM-DD'));
  const [street, setStreet] = useState<string | undefined>();
  const { data, error, loading, reload } = useAsync(
    (signal) =>
      region
        ? getIndicators({ region: region.code, at, ...(street ? { street } : {}) }, signal)
        : Promise.resolve(undefined),
    [region?.code, at, street],
  );
  return (
    <>
      <PageTitle
        title={t('ind.title')}
        sub={t('ind.subtitle')}
        extra={
          <>
            <Link to="/indicators/denominators">{t('ind.nav.denominators')}</Link>
            <Link to="/indicators/snapshots">{t('snap.nav')}</Link>
            <Link to="/indicators/sei">{t('hv.nav')}</Link>
          </>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <span>{region?.name ?? '…'}</span>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('ind.allStreets')}
            value={street}
            onChange={setStreet}
            options={streets.map((s) => ({ value: s.code, label: s.name }))}
            data-testid="ind-street"
          />
          <DatePicker
            value={dayjs(at)}
            allowClear={false}
            onChange={(d) => d && setAt(d.format('YYYY-MM-DD'))}
            data-testid="ind-at"
          />
          <span>{t('ind.asOfNote')}</span>
        </Space>
        {error || regionError ? (
          <ErrorResult error={error ?? regionError} onRetry={reload} />
        ) : (
          <IndicatorTable items={data?.items ?? []} loading={loading} />
        )}
      </Card>
    </>
  );
}
