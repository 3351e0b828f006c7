/** ECharts with only the modules the dashboard draws (tree-shaken), for echarts-for-react/esm/core. */
import { BarChart, LineChart, MapChart, TreemapChart } from 'echarts/charts';
import {
  DatasetComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import EChartsReactCoreModule from 'echarts-for-react/esm/core.js';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  TreemapChart,
  DatasetComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type EChartsOption = echarts.EChartsCoreOption;
export type ECharts = echarts.ECharts;

/*
 * echarts-for-react's core component. Its package is not marked as ES modules, so the NodeNext type checker
 * sees the default export one level down (`.default`), while the bundler (Vite, ESM) hands over the class itself.
 */
type CoreClass = (typeof EChartsReactCoreModule)['default'];
export const ReactECharts: CoreClass =
  (EChartsReactCoreModule as unknown as { default?: CoreClass }).default ??
  (EChartsReactCoreModule as unknown as CoreClass);
export type ReactECharts = InstanceType<CoreClass>;
