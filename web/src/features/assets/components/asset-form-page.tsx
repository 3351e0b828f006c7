import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { checkCnApplicationNumber } from '../../../../../src/domain/ids/cn-appno.ts';
import { checkCnPublicationNumber } from '../../../../../src/domain/ids/cn-pubno.ts';
import { checkCopyrightRegNumber } from '../../../../../src/domain/ids/cr-regno.ts';
import { checkTrademarkRegNumber } from '../../../../../src/domain/ids/tm-regno.ts';
import { checkUscc } from '../../../../../src/domain/ids/uscc.ts';
import { PageTitle } from '../../../components/page-title.tsx';
import type { FieldError } from '../../../lib/api.ts';
import { applyServerErrors, checkerRule, domainListRule, domainRule } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemAlert } from '../../../lib/use-server-submit.tsx';
import {
  ASSET_KIND_LABELS,
  ASSET_KINDS,
  EVENT_LABELS,
  SUB_TYPE_LABELS,
  type AssetKind,
} from '../../../lib/labels.ts';
import { createAsset } from '../api/create-asset.ts';
import type { AssetInput } from '../types.ts';
import { recordErrors } from './record-rules.ts';

type DateValue = Dayjs | null | undefined;

interface FormValues {
  kind: AssetKind;
  patentType?: 'invention' | 'utility_model' | 'design';
  copyrightType?: 'work' | 'software';
  applicationNumber?: string;
  publicationNumber?: string;
  registrationNumber?: string;
  filingDate?: DateValue;
  publicationDate?: DateValue;
  grantDate?: DateValue;
  registrationDate?: DateValue;
  termCompensationDays?: number | null;
  termCompensationKind?: 'examination_delay' | 'new_drug';
  title?: string;
  abstract?: string;
  ipc?: string[];
  niceClasses?: number[];
  goodsServices?: string;
  category?: string;
  applicants?: { name?: string; uscc?: string; share?: number | null }[];
  events?: { code?: string; date?: DateValue; note?: string }[];
  confidential?: boolean;
}

const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' };

function day(v: DateValue): string | undefined {
  return v ? v.format('YYYY-MM-DD') : undefined;
}

function trimmed(v: string | undefined): string | undefined {
  const t = (v ?? '').trim();
  return t === '' ? undefined : t;
}

/** The form as the canonical record the server takes; only the fields of the chosen kind. */
function toInput(v: FormValues): AssetInput {
  const kind = v.kind;
  const input: AssetInput = {
    kind,
    office: 'CN',
    title: trimmed(v.title),
    applicants: (v.applicants ?? []).map((a) => ({
      name: (a?.name ?? '').trim(),
      ...(trimmed(a?.uscc) ? { uscc: trimmed(a?.uscc) } : {}),
      ...(a?.share !== undefined && a?.share !== null ? { share: a.share } : {}),
    })),
    events: (v.events ?? []).map((e) => ({
      code: (e?.code ?? '').trim().toUpperCase(),
      date: day(e?.date) ?? '',
      ...(trimmed(e?.note) ? { note: trimmed(e?.note) } : {}),
    })),
    confidential: !!v.confidential,
    filingDate: day(v.filingDate),
  };
  if (kind === 'patent') {
    Object.assign(input, {
      patentType: v.patentType,
      applicationNumber: trimmed(v.applicationNumber),
      publicationNumber: trimmed(v.publicationNumber),
      publicationDate: day(v.publicationDate),
      grantDate: day(v.grantDate),
      abstract: trimmed(v.abstract),
      ipc: (v.ipc ?? []).map((c) => c.trim()).filter(Boolean),
    });
    // 专利权期限补偿: the field is shown for inventions only; the record rule refuses it elsewhere
    if (v.patentType === 'invention')
      Object.assign(input, {
        termCompensationDays: v.termCompensationDays ?? undefined,
        termCompensationKind: v.termCompensationKind,
      });
  } else if (kind === 'trademark') {
    Object.assign(input, {
      registrationNumber: trimmed(v.registrationNumber),
      registrationDate: day(v.registrationDate),
      niceClasses: v.niceClasses ?? [],
      goodsServices: trimmed(v.goodsServices),
    });
  } else {
    Object.assign(input, {
      copyrightType: v.copyrightType,
      registrationNumber: trimmed(v.registrationNumber),
      registrationDate: day(v.registrationDate),
      category: trimmed(v.category),
    });
  }
  // leave out what is empty, as a client of the JSON API would
  for (const [k, val] of Object.entries(input))
    if (val === undefined || (Array.isArray(val) && val.length === 0 && k !== 'applicants'))
      delete (input as unknown as Record<string, unknown>)[k];
  return input;
}

const errorsOf = (v: FormValues): FieldError[] => recordErrors(toInput(v));
const rule = (field: string) => domainRule<FormValues>(errorsOf, field);

/** What a valid number means, shown under the field as the user types. */
function Meaning({
  check,
  value,
}: {
  check: (v: string) => { ok: boolean; meaning?: string };
  value: string | undefined;
}) {
  const { t } = useI18n();
  if (!value || !value.trim()) return null;
  const r = check(value);
  if (!r.ok || !('meaning' in r) || !r.meaning) return null;
  return (
    <Typography.Text type="success">{t('asset.derivedFromNumber', { meaning: r.meaning })}</Typography.Text>
  );
}

const TERM_COMPENSATION_DEPENDENCIES = [
  'grantDate',
  'filingDate',
  'patentType',
  'applicationNumber',
  'termCompensationKind',
];

/** 专利权期限补偿 of an invention: the days CNIPA decided and their kind, checked by the record rule as typed. */
function TermCompensationFields() {
  const { t } = useI18n();
  return (
    <>
      <Col xs={24} md={6}>
        <Form.Item
          name="termCompensationDays"
          label={t('termComp.days')}
          tooltip={t('termComp.days.extra')}
          dependencies={TERM_COMPENSATION_DEPENDENCIES}
          rules={[rule('termCompensationDays')]}
        >
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={6}>
        <Form.Item
          name="termCompensationKind"
          label={t('termComp.kind')}
          rules={[rule('termCompensationKind')]}
        >
          <Select
            allowClear
            options={(['examination_delay', 'new_drug'] as const).map((k) => ({
              value: k,
              label: t(`termComp.kind.${k}`),
            }))}
          />
        </Form.Item>
      </Col>
    </>
  );
}

export function AssetFormPage() {
  const { t, label, code } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const [problem, setProblem] = useState<{ detail: string; unplaced: FieldError[] } | null>(null);
  const kind = (Form.useWatch('kind', form) ?? 'patent') as AssetKind;
  const appNo = Form.useWatch('applicationNumber', form) as string | undefined;
  const pubNo = Form.useWatch('publicationNumber', form) as string | undefined;
  const regNo = Form.useWatch('registrationNumber', form) as string | undefined;
  const patentType = Form.useWatch('patentType', form) as FormValues['patentType'];

  const onValuesChange = (changed: Partial<FormValues>) => {
    // the number decides the type: fill it in as soon as the number is valid
    if (changed.applicationNumber !== undefined) {
      const c = checkCnApplicationNumber(changed.applicationNumber);
      if (c.ok) form.setFieldValue('patentType', c.patentType);
    }
    if (changed.publicationNumber !== undefined && !form.getFieldValue('patentType')) {
      const c = checkCnPublicationNumber(changed.publicationNumber);
      if (c.ok) form.setFieldValue('patentType', c.patentType);
    }
    if (changed.registrationNumber !== undefined && form.getFieldValue('kind') === 'copyright') {
      const c = checkCopyrightRegNumber(changed.registrationNumber);
      if (c.ok) form.setFieldValue('copyrightType', c.copyrightType);
    }
    if (changed.kind !== undefined) {
      setProblem(null);
      form.setFields([{ name: 'registrationNumber', errors: [] }]);
    }
  };

  const save = async (values: FormValues) => {
    // Enter in a field and a click on 保存 must not send the same record twice
    if (inFlight.current) return;
    inFlight.current = true;
    setProblem(null);
    setSaving(true);
    try {
      const saved = await createAsset(toInput({ ...(form.getFieldsValue(true) as FormValues), ...values }));
      message.destroy();
      void message.success(
        t('asset.created', {
          title: saved.title ?? saved.applicationNumber ?? saved.registrationNumber ?? '',
        }),
      );
      void navigate(`/assets/${saved.id}`);
    } catch (e) {
      const unplaced = applyServerErrors(form, e);
      setProblem({ detail: e instanceof Error ? e.message : String(e), unplaced });
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  const titleLabel =
    kind === 'patent'
      ? t('asset.field.title')
      : kind === 'trademark'
        ? t('asset.field.mark')
        : t('asset.field.workTitle');

  return (
    <>
      <PageTitle
        title={t('asset.new.title')}
        extra={
          <Link to="/assets">
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
      <ProblemAlert problem={problem} />
      <Form<FormValues>
        form={form}
        name="asset"
        layout="vertical"
        initialValues={{ kind: 'patent', applicants: [{ name: '' }], events: [], confidential: false }}
        onValuesChange={onValuesChange}
        onFinish={(v) => void save(v)}
        onFinishFailed={() => void message.error(t('common.formHasErrors'))}
        scrollToFirstError
      >
        <Card title={t('asset.bibliographic')} style={{ marginBottom: 16 }}>
          <Form.Item name="kind" label={t('asset.field.kind')}>
            <Radio.Group optionType="button" buttonStyle="solid">
              {ASSET_KINDS.map((k) => (
                <Radio.Button key={k} value={k}>
                  {label(ASSET_KIND_LABELS[k])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Row gutter={24}>
            {kind === 'patent' ? (
              <>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="applicationNumber"
                    label={t('asset.field.applicationNumber')}
                    dependencies={['publicationNumber', 'filingDate', 'patentType']}
                    rules={[rule('applicationNumber')]}
                    extra={<Meaning check={checkCnApplicationNumber} value={appNo} />}
                  >
                    <Input
                      style={MONO}
                      placeholder={t('asset.appno.placeholder')}
                      autoComplete="off"
                      maxLength={40}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="publicationNumber"
                    label={t('asset.field.publicationNumber')}
                    rules={[rule('publicationNumber')]}
                    extra={<Meaning check={checkCnPublicationNumber} value={pubNo} />}
                  >
                    <Input
                      style={MONO}
                      placeholder={t('asset.pubno.placeholder')}
                      autoComplete="off"
                      maxLength={40}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item
                    name="patentType"
                    label={t('asset.field.patentType')}
                    dependencies={['applicationNumber', 'publicationNumber']}
                    rules={[rule('patentType')]}
                  >
                    <Select
                      allowClear
                      options={['invention', 'utility_model', 'design'].map((s) => ({
                        value: s,
                        label: code(SUB_TYPE_LABELS, s),
                      }))}
                    />
                  </Form.Item>
                </Col>
              </>
            ) : (
              <>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="registrationNumber"
                    label={t('asset.field.registrationNumber')}
                    required
                    rules={[rule('registrationNumber')]}
                    extra={
                      <Meaning
                        check={kind === 'trademark' ? checkTrademarkRegNumber : checkCopyrightRegNumber}
                        value={regNo}
                      />
                    }
                  >
                    <Input
                      style={MONO}
                      placeholder={
                        kind === 'trademark' ? t('asset.tmno.placeholder') : t('asset.crno.placeholder')
                      }
                      autoComplete="off"
                      maxLength={40}
                    />
                  </Form.Item>
                </Col>
                {kind === 'copyright' ? (
                  <Col xs={24} md={6}>
                    <Form.Item
                      name="copyrightType"
                      label={t('asset.field.copyrightType')}
                      dependencies={['registrationNumber']}
                      rules={[rule('copyrightType')]}
                    >
                      <Select
                        allowClear
                        options={['software', 'work'].map((s) => ({
                          value: s,
                          label: code(SUB_TYPE_LABELS, s),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                ) : null}
              </>
            )}
            <Col xs={24} md={6}>
              <Form.Item
                name="filingDate"
                label={t('asset.field.filingDate')}
                dependencies={['applicationNumber']}
                rules={[rule('filingDate')]}
              >
                <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
              </Form.Item>
            </Col>
            {kind === 'patent' ? (
              <>
                <Col xs={24} md={6}>
                  <Form.Item name="publicationDate" label={t('asset.field.publicationDate')}>
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name="grantDate" label={t('asset.field.grantDate')}>
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                  </Form.Item>
                </Col>
                {patentType === 'invention' ? <TermCompensationFields /> : null}
              </>
            ) : (
              <Col xs={24} md={6}>
                <Form.Item name="registrationDate" label={t('asset.field.registrationDate')}>
                  <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24}>
              <Form.Item name="title" label={titleLabel}>
                <Input maxLength={500} />
              </Form.Item>
            </Col>
            {kind === 'patent' ? (
              <>
                <Col xs={24} md={12}>
                  <Form.Item name="ipc" label={t('asset.field.ipc')} rules={[rule('ipc')]}>
                    <Select mode="tags" open={false} placeholder={t('asset.ipc.placeholder')} />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="abstract" label={t('asset.field.abstract')}>
                    <Input.TextArea rows={3} maxLength={20000} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {kind === 'trademark' ? (
              <>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="niceClasses"
                    label={t('asset.field.niceClasses')}
                    rules={[rule('niceClasses')]}
                  >
                    <Select
                      mode="multiple"
                      allowClear
                      options={Array.from({ length: 45 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="goodsServices" label={t('asset.field.goodsServices')}>
                    <Input.TextArea rows={2} maxLength={20000} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {kind === 'copyright' ? (
              <Col xs={24} md={12}>
                <Form.Item name="category" label={t('asset.field.category')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>

        <Card title={t('asset.field.applicants')} style={{ marginBottom: 16 }}>
          <Form.List name="applicants" rules={[domainListRule<FormValues>(form, errorsOf, 'applicants')]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Row gutter={12} key={f.key} align="top">
                    <Col xs={24} md={9}>
                      <Form.Item
                        name={[f.name, 'name']}
                        label={i === 0 ? t('asset.applicant.name') : undefined}
                        required
                        rules={[rule(`applicants[${i}].name`)]}
                      >
                        <Input maxLength={200} placeholder={t('asset.applicant.name')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={9}>
                      <Form.Item
                        name={[f.name, 'uscc']}
                        label={i === 0 ? t('asset.applicant.uscc') : undefined}
                        rules={[checkerRule(checkUscc)]}
                      >
                        <Input
                          maxLength={40}
                          style={MONO}
                          placeholder={t('asset.applicant.uscc')}
                          autoComplete="off"
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={16} md={4}>
                      <Form.Item
                        name={[f.name, 'share']}
                        label={i === 0 ? t('asset.applicant.share') : undefined}
                        dependencies={fields
                          .filter((x) => x.name !== f.name)
                          .map((x) => ['applicants', x.name, 'share'])}
                        rules={[rule(`applicants[${i}].share`), rule('applicants')]}
                      >
                        <InputNumber min={0} max={100} style={{ width: '100%' }} placeholder="%" />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={2}>
                      <Form.Item label={i === 0 ? ' ' : undefined}>
                        <Button
                          icon={<DeleteOutlined />}
                          disabled={fields.length === 1}
                          onClick={() => remove(f.name)}
                          aria-label={t('common.remove')}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                  {t('asset.applicant.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card title={t('asset.field.events')} style={{ marginBottom: 16 }}>
          <Form.List name="events">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Row gutter={12} key={f.key} align="top">
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[f.name, 'code']}
                        label={i === 0 ? t('asset.event.code') : undefined}
                        rules={[rule(`events[${i}].code`)]}
                        normalize={(v: string) => (v ?? '').toUpperCase()}
                      >
                        <AutoComplete
                          options={Object.entries(EVENT_LABELS).map(([value, l]) => ({
                            value,
                            label: `${value} ${label(l)}`,
                          }))}
                          filterOption={(input, o) =>
                            String(o?.label ?? '')
                              .toUpperCase()
                              .includes(input.toUpperCase())
                          }
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item
                        name={[f.name, 'date']}
                        label={i === 0 ? t('asset.event.date') : undefined}
                        rules={[rule(`events[${i}].date`)]}
                      >
                        <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                      </Form.Item>
                    </Col>
                    <Col xs={20} md={10}>
                      <Form.Item name={[f.name, 'note']} label={i === 0 ? t('asset.event.note') : undefined}>
                        <Input maxLength={1000} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={2}>
                      <Form.Item label={i === 0 ? ' ' : undefined}>
                        <Button
                          icon={<DeleteOutlined />}
                          onClick={() => remove(f.name)}
                          aria-label={t('common.remove')}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ code: '', date: dayjs() })}
                >
                  {t('asset.event.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card>
          <Form.Item name="confidential" valuePropName="checked">
            <Checkbox>{t('asset.field.confidential')}</Checkbox>
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
              {t('common.save')}
            </Button>
            <Link to="/assets">
              <Button>{t('common.cancel')}</Button>
            </Link>
          </Space>
        </Card>
      </Form>
    </>
  );
}
