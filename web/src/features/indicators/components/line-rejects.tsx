import { Alert, Table } from 'antd';
import { useI18n } from '../../../lib/i18n.ts';
import type { LineReject } from '../types.ts';

/** The outcome of a reference-table import: counts, and each rejected line with its field and reason. */
export function ImportOutcome({ summary, rejects }: { summary: string; rejects: LineReject[] }) {
  const { t } = useI18n();
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type={rejects.length ? 'warning' : 'success'}
      showIcon
      message={summary}
      data-testid="import-outcome"
      description={
        rejects.length ? (
          <Table<LineReject>
            size="small"
            rowKey={(r) => `${r.ref}-${r.field}-${r.reason}`}
            pagination={false}
            dataSource={rejects}
            columns={[
              { title: t('ind.reject.line'), dataIndex: 'ref', key: 'ref', width: 100 },
              { title: t('ind.reject.field'), dataIndex: 'field', key: 'field', width: 140 },
              { title: t('ind.reject.reason'), dataIndex: 'reason', key: 'reason' },
            ]}
          />
        ) : undefined
      }
    />
  );
}
