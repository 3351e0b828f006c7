import { Alert, Col, Row } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../../lib/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { fetchGeo } from '../api/dashboard.ts';
import type { Breakdown, BreakdownRow, RegionGeo } from '../types.ts';
import { ChartCard, type ChartClick } from './chart-card.tsx';
import { echarts } from './echarts.ts';
import { GeoUpload } from './geo-upload.tsx';
import { breakdownTable, choroplethOption, outlineOption, vbarOption } from './options.ts';

/** Register the region's outlines under a name that changes with the upload, so a new upload is drawn. */
function registered(geo: RegionGeo): string {
  const name = `zhihui-${geo.zhihui.region}-${geo.zhihui.layer}-${geo.zhihui.uploadedAt ?? 'shipped'}`;
  if (!echarts.getMap(name))
    echarts.registerMap(name, geo as unknown as Parameters<typeof echarts.registerMap>[1]);
  return name;
}

/**
 * The district map. With street outlines loaded it is a choropleth of the measure by street; without them
 * it shows the district outline, says so, and compares the streets in a bar chart.
 */
export function MapCard(p: {
  streets: { data: Breakdown | undefined; loading: boolean; error: unknown; reload: () => void };
  measureName: string;
  labelOf: (r: BreakdownRow) => string;
  onDrill: (row: BreakdownRow) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const geo = useAsync((signal) => fetchGeo(signal), []);
  const rows = p.streets.data?.rows ?? [];
  const table = p.streets.data
    ? breakdownTable(rows, p.labelOf, [t('dash.col.street'), t('dash.col.code'), p.measureName])
    : undefined;
  const mapName = useMemo(() => (geo.data ? registered(geo.data) : undefined), [geo.data]);
  const loaded = geo.data?.zhihui.streetsLoaded === true;

  const mapData = loaded
    ? geo.data!.features.map((f) => {
        const row = rows.find((r) => r.key === f.properties.code);
        return { name: String(f.properties.name), value: row?.value ?? 0, key: String(f.properties.code) };
      })
    : (geo.data?.features ?? []).map((f) => ({
        name: String(f.properties.name),
        value: p.streets.data?.total ?? 0,
        key: null,
      }));
  const mapClick = (e: ChartClick) => {
    if (!loaded) return;
    const code = mapData.find((d) => d.name === e.name)?.key;
    const row = rows.find((r) => r.key === code) ?? { key: code ?? null, label: e.name ?? null, value: 0 };
    p.onDrill(row);
  };
  const mapCard = (
    <ChartCard
      id="map"
      title={t('dash.chart.map')}
      extra={can('geo:manage') ? <GeoUpload loaded={loaded} onChanged={geo.reload} /> : undefined}
      option={
        mapName
          ? loaded
            ? choroplethOption(mapName, mapData, p.measureName)
            : outlineOption(mapName, mapData, p.measureName)
          : undefined
      }
      table={table}
      loading={geo.loading || p.streets.loading}
      error={geo.error ?? p.streets.error}
      onRetry={() => {
        geo.reload();
        p.streets.reload();
      }}
      onClick={loaded ? mapClick : undefined}
      height={loaded ? 420 : 300}
      note={
        <>
          {loaded ? null : (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              message={t('dash.map.noStreets')}
              data-testid="map-no-streets"
            />
          )}
          {geo.data ? `${t('dash.map.source')}: ${geo.data.zhihui.source}` : null}
        </>
      }
    />
  );
  if (loaded) return mapCard;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={10}>
        {mapCard}
      </Col>
      <Col xs={24} lg={14}>
        <ChartCard
          id="streets"
          title={t('dash.chart.streets')}
          option={p.streets.data ? vbarOption(rows, p.labelOf, p.measureName) : undefined}
          table={table}
          loading={p.streets.loading}
          error={p.streets.error}
          onRetry={p.streets.reload}
          onClick={(e) => {
            const row = rows[e.dataIndex];
            if (row) p.onDrill(row);
          }}
          height={300}
        />
      </Col>
    </Row>
  );
}
