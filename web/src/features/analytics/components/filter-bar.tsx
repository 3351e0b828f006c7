import { Button, Select, Space } from 'antd';
import { INDUSTRY_SECTIONS } from '../../../../../src/domain/registry/entity.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ASSET_KINDS, ASSET_KIND_LABELS } from '../../../lib/labels.ts';
import { MEASURES, type DashFilters, type Measure, type Street } from '../types.ts';

const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: THIS_YEAR - 1984 }, (_, i) => String(THIS_YEAR - i));

/** Period, street, industry and kind for every chart, and the measure the breakdowns count. */
export function FilterBar(p: {
  filters: DashFilters;
  measure: Measure;
  streets: Street[];
  onChange: (f: DashFilters) => void;
  onMeasure: (m: Measure) => void;
}) {
  const { t, code } = useI18n();
  const f = p.filters;
  const set = (k: keyof DashFilters, v: string | undefined) => p.onChange({ ...f, [k]: v || undefined });
  const years = YEARS.map((y) => ({ value: y, label: y }));
  return (
    <Space wrap size={[8, 8]} data-testid="dash-filters">
      <Select
        style={{ width: 150 }}
        value={p.measure}
        onChange={p.onMeasure}
        options={MEASURES.map((m) => ({ value: m, label: t(`dash.measure.${m}`) }))}
        data-testid="dash-measure"
      />
      {(['from', 'to'] as const).map((k) => (
        <Select
          key={k}
          allowClear
          showSearch
          style={{ width: 110 }}
          placeholder={t(`dash.filter.${k}`)}
          value={f[k]}
          onChange={(v) => set(k, v)}
          options={years}
          data-testid={`dash-${k}`}
        />
      ))}
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ width: 170 }}
        placeholder={t('dash.filter.street')}
        value={f.street}
        onChange={(v) => set('street', v)}
        options={p.streets.map((s) => ({ value: s.code, label: s.name }))}
        data-testid="dash-street"
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ width: 220 }}
        placeholder={t('dash.filter.industry')}
        value={f.industry}
        onChange={(v) => set('industry', v)}
        options={Object.entries(INDUSTRY_SECTIONS).map(([k, name]) => ({ value: k, label: `${k} ${name}` }))}
        data-testid="dash-industry"
      />
      <Select
        allowClear
        style={{ width: 120 }}
        placeholder={t('dash.filter.kind')}
        value={f.kind}
        onChange={(v) => set('kind', v)}
        options={ASSET_KINDS.map((k) => ({ value: k, label: code(ASSET_KIND_LABELS, k) }))}
        data-testid="dash-kind"
      />
      <Button onClick={() => p.onChange({})} disabled={Object.values(f).every((v) => !v)}>
        {t('common.reset')}
      </Button>
    </Space>
  );
}
