import { Tag } from 'antd';
import { STATUS_LABELS } from '../../../src/domain/lifecycle/status.ts';
import { useI18n } from '../lib/i18n.ts';
import {
  DEADLINE_STATE_COLORS,
  DEADLINE_STATE_LABELS,
  FEE_STATE_LABELS,
  RENEWAL_STATE_LABELS,
  STATUS_COLORS,
  SUB_TYPE_LABELS,
} from '../lib/labels.ts';

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

/** State of a deadline, worded for its kind (年费 宽限期 / 商标 宽展期), coloured by urgency. */
export function DeadlineStateTag({ state, kind }: { state: string; kind?: string }) {
  const { code } = useI18n();
  const labels =
    kind === 'annual_fee'
      ? FEE_STATE_LABELS
      : kind === 'trademark_renewal'
        ? RENEWAL_STATE_LABELS
        : DEADLINE_STATE_LABELS;
  return (
    <Tag color={DEADLINE_STATE_COLORS[state] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {code(labels, state)}
    </Tag>
  );
}
