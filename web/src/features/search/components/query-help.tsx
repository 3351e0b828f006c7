import { QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, Collapse, Space, Table, Tag, Typography } from 'antd';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';

export const EXAMPLE_QUERIES = [
  '锂离子电池 负极',
  'ipc:H01M* year:2019..2022',
  '"固态电池"',
  'applicant:徐汇 AND status:有效',
  'CN114081026A',
] as const;

const SYNTAX: { example: string; meaning: MessageKey }[] = [
  { example: '固态电池 负极', meaning: 'search.help.words' },
  { example: '"固态电池"', meaning: 'search.help.phrase' },
  { example: '电池 OR 电容', meaning: 'search.help.or' },
  { example: '电池 NOT 铅酸', meaning: 'search.help.not' },
  { example: '(电池 OR 电容) AND 汽车', meaning: 'search.help.group' },
  { example: 'title:芯片  abstract:"散热"  applicant:华为', meaning: 'search.help.fields' },
  { example: 'ipc:G06F*  ipc:H01M4/36', meaning: 'search.help.ipc' },
  { example: 'nice:9', meaning: 'search.help.nice' },
  { example: 'street:徐家汇街道', meaning: 'search.help.street' },
  { example: 'year:2020  year:2019..2022  year:..2018', meaning: 'search.help.year' },
  { example: 'status:有效  kind:专利  type:发明', meaning: 'search.help.status' },
  { example: '201710601862.3  ZL 2017 1 0601862.3  CN106844774A', meaning: 'search.help.number' },
];

/** Example query chips: clicking one runs it. */
export function ExampleChips({ onPick }: { onPick: (q: string) => void }) {
  const { t } = useI18n();
  return (
    <Space size={[4, 4]} wrap data-testid="search-examples">
      <Typography.Text type="secondary">{t('search.examples')}</Typography.Text>
      {EXAMPLE_QUERIES.map((q) => (
        <Tag key={q} color="blue" style={{ cursor: 'pointer' }} onClick={() => onPick(q)}>
          {q}
        </Tag>
      ))}
    </Space>
  );
}

/** The collapsible table of operators and fields, with an example each. */
export function QueryHelp() {
  const { t } = useI18n();
  return (
    <Collapse
      ghost
      size="small"
      items={[
        {
          key: 'help',
          label: (
            <Space size={6}>
              <QuestionCircleOutlined />
              {t('search.help')}
            </Space>
          ),
          children: (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="example"
                dataSource={SYNTAX}
                columns={[
                  {
                    title: t('search.help.syntax'),
                    dataIndex: 'example',
                    width: '45%',
                    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                  },
                  {
                    title: t('search.help.meaning'),
                    dataIndex: 'meaning',
                    render: (k: MessageKey) => t(k),
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('search.help.note')}
              </Typography.Paragraph>
            </>
          ),
        },
      ]}
    />
  );
}

/** A parse error under the query box: the reason, and the query with a caret under the position. */
export function QueryErrorView({
  query,
  reason,
  position,
}: {
  query: string;
  reason: string;
  position: number | null;
}) {
  const { t } = useI18n();
  const pos = position === null ? null : Math.max(0, Math.min(position, query.length));
  return (
    <Alert
      type="error"
      showIcon
      data-testid="query-error"
      message={
        <>
          {t('search.errorTitle')}
          {pos !== null ? `（${t('search.errorAt', { pos: pos + 1 })}）` : null}
        </>
      }
      description={
        <>
          <div>{reason}</div>
          {pos !== null ? (
            <pre
              data-testid="query-error-caret"
              style={{
                margin: '8px 0 0',
                padding: '6px 10px 20px',
                background: '#fff',
                border: '1px solid #ffccc7',
                borderRadius: 6,
                fontSize: 14,
                whiteSpace: 'pre',
                overflowX: 'auto',
              }}
            >
              {query.slice(0, pos)}
              <span
                data-testid="query-error-at"
                style={{ position: 'relative', background: '#ffccc7', borderRadius: 2 }}
              >
                {query[pos] ?? ' '}
                <span
                  aria-hidden
                  style={{
                    position: 'absolute',
                    left: '50%',
                    top: '100%',
                    transform: 'translateX(-50%)',
                    color: '#cf1322',
                    fontWeight: 700,
                    lineHeight: 1,
                  }}
                >
                  ^
                </span>
              </span>
              {query.slice(pos + 1)}
            </pre>
          ) : null}
        </>
      }
    />
  );
}
