import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  IDENTIFIER_KINDS,
  checkIdentifier as checkLocally,
  type IdentifierKind,
} from '../../../../../src/domain/ids/check.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { checkIdentifier, type IdentifierResult } from '../api/check-identifier.ts';

const EXAMPLES: Record<IdentifierKind, string> = {
  uscc: '91320621MA1MRHG205',
  regno15: '310104000123453',
  'cn-appno': '201710601862.3',
  'cn-pubno': 'CN106844774A',
  'tm-regno': '16435657',
  'cr-regno': '2016SR309930',
};

const HIDDEN = new Set(['ok', 'kind', 'input', 'value', 'display', 'meaning', 'reason']);

export function IdentifierCheckPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<IdentifierKind>('uscc');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<IdentifierResult | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const local = value.trim() ? checkLocally(kind, value) : undefined;

  const run = async () => {
    if (!value.trim()) return;
    setLoading(true);
    setError(undefined);
    try {
      setResult(await checkIdentifier(kind, value.trim()));
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <PageTitle title={t('id.title')} sub={t('id.hint')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Form layout="vertical" onFinish={() => void run()}>
              <Form.Item label={t('id.kind')}>
                <Select<IdentifierKind>
                  value={kind}
                  onChange={(k) => {
                    setKind(k);
                    setResult(null);
                  }}
                  options={IDENTIFIER_KINDS.map((k) => ({
                    value: k,
                    label: `${t(`id.kind.${k}` as MessageKey)} (${k})`,
                  }))}
                />
              </Form.Item>
              <Form.Item
                label={t('id.value')}
                validateStatus={local ? (local.ok ? 'success' : 'error') : undefined}
                hasFeedback={!!local}
                help={local ? (local.ok ? local.meaning : local.reason) : t('id.local')}
              >
                <Input
                  value={value}
                  onChange={(e) => {
                    setValue(e.target.value);
                    setResult(null);
                  }}
                  placeholder={EXAMPLES[kind]}
                  style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
                  maxLength={100}
                  allowClear
                  autoComplete="off"
                  aria-label={t('id.value')}
                />
              </Form.Item>
              <Space style={{ marginTop: 16 }} wrap>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SafetyCertificateOutlined />}
                  loading={loading}
                  disabled={!value.trim()}
                >
                  {t('id.check')}
                </Button>
                <Button type="link" onClick={() => setValue(EXAMPLES[kind])}>
                  {t('id.example', { value: EXAMPLES[kind] })}
                </Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('id.result')}>
            {error ? (
              <ErrorResult compact error={error} />
            ) : result ? (
              <ResultView result={result} />
            ) : (
              <Result
                status="info"
                icon={<SafetyCertificateOutlined />}
                subTitle={t('id.enterValue')}
                style={{ padding: 16 }}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

function ResultView({ result: r }: { result: IdentifierResult }) {
  const { t } = useI18n();
  if (!r.ok)
    return (
      <Alert
        type="error"
        showIcon
        icon={<CloseCircleFilled />}
        message={`${t('id.bad')}: ${r.input}`}
        description={`${t('id.reason')}: ${r.reason}`}
        data-testid="id-result"
      />
    );
  const extra = Object.entries(r).filter(([k]) => !HIDDEN.has(k));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="id-result">
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleFilled />}
        message={`${t('id.ok')}: ${r.display}`}
        description={r.meaning}
      />
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          {
            key: 'value',
            label: t('id.normalised'),
            children: <Typography.Text copyable>{r.value}</Typography.Text>,
          },
          ...extra.map(([k, v]) => ({
            key: k,
            label: k,
            children: typeof v === 'object' ? JSON.stringify(v) : String(v),
          })),
        ]}
      />
    </Space>
  );
}
