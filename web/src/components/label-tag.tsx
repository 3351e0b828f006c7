import { Tag } from 'antd';
import { STATUS_LABELS } from '../../../src/domain/lifecycle/status.ts';
import { useI18n } from '../lib/i18n.ts';
import { STATUS_COLORS, SUB_TYPE_LABELS } from '../lib/labels.ts';

const SUB_TYPE_COLORS: Record<string, string> = {
  invention: 'blue',
  utility_model: 'cyan',
  design: 'purple',
  trademark: 'gold',
  software: 'green',
  work: 'magenta',
};

/** Legal status with its Chinese (or English) label and a colour by meaning. */
export function StatusTag({ status }: { status: string }) {
  const { code } = useI18n();
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{code(STATUS_LABELS, status)}</Tag>;
}

/** Sub-type (发明 / 实用新型 / 外观设计 / 商标 / 软件著作权 / 作品著作权). */
export function SubTypeTag({ subType }: { subType: string | null }) {
  const { code } = useI18n();
  if (!subType) return <>—</>;
  return <Tag color={SUB_TYPE_COLORS[subType]}>{code(SUB_TYPE_LABELS, subType)}</Tag>;
}
