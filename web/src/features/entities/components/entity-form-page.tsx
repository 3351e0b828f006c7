import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { checkUscc } from '../../../../../src/domain/ids/uscc.ts';
import {
  ENTITY_FLAG_LABELS,
  ENTITY_KIND_LABELS,
  validateEntity,
  type EntityInput as DomainEntityInput,
} from '../../../../../src/domain/registry/entity.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { ApiError, type FieldError } from '../../../lib/api.ts';
import { applyServerErrors, domainRule } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemAlert } from '../../../lib/use-server-submit.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { useSession } from '../../auth/session.tsx';
import { createEntity } from '../api/create-entity.ts';
import { getEntity } from '../api/get-entity.ts';
import { updateEntity } from '../api/update-entity.ts';
import type { EntityDetail, EntityInput } from '../types.ts';
import { useStreets } from './use-streets.ts';

/** What the form holds: the entity input with optional text fields as typed. */
type FormValues = Omit<EntityInput, 'formerNames' | 'flags'> & { formerNames?: string[]; flags?: string[] };

const FIELDS = [
  'name',
  'uscc',
  'kind',
  'industry',
  'streetCode',
  'address',
  'flags',
  'formerNames',
  'contactName',
  'contactPhone',
  'notes',
] as const;

/** The same rules the server runs (src/domain/registry/entity.ts), on what is in the form now. */
function entityErrors(v: FormValues): FieldError[] {
  const r = validateEntity({ ...v, name: v.name ?? '', kind: v.kind ?? '' } as DomainEntityInput);
  return r.ok ? [] : r.errors;
}

function blankToNull(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
}

function toInput(v: FormValues): EntityInput {
  return {
    name: (v.name ?? '').trim(),
    uscc: blankToNull(v.uscc),
    kind: v.kind,
    industry: blankToNull(v.industry),
    streetCode: blankToNull(v.streetCode),
    address: blankToNull(v.address),
    flags: v.flags ?? [],
    formerNames: (v.formerNames ?? []).map((n) => n.trim()).filter(Boolean),
    contactName: blankToNull(v.contactName),
    contactPhone: blankToNull(v.contactPhone),
    notes: blankToNull(v.notes),
  };
}

function initialOf(e: EntityDetail): FormValues {
  return {
    name: e.name,
    uscc: e.uscc ?? '',
    kind: e.kind,
    industry: e.industry ?? '',
    streetCode: e.streetCode ?? undefined,
    address: e.address ?? '',
    flags: e.flags,
    formerNames: e.formerNames,
    contactName: e.contactName ?? '',
    contactPhone: e.contactPhone ?? '',
    notes: e.notes ?? '',
  };
}

export function EntityFormPage() {
  const { id } = useParams();
  const editId = id ? Number(id) : undefined;
  const loaded = useAsync(
    (signal) => (editId ? getEntity(editId, signal) : Promise.resolve(undefined)),
    [editId],
  );
  const { t } = useI18n();
  if (editId && loaded.loading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (editId && loaded.error) return <ErrorResult error={loaded.error} onRetry={loaded.reload} />;
  return (
    <EntityForm
      key={editId ?? 'new'}
      entity={loaded.data}
      title={editId ? t('entity.edit') : t('entity.new')}
    />
  );
}

function EntityForm({ entity, title }: { entity?: EntityDetail; title: string }) {
  const { t, label } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const { streets } = useStreets();
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const [problem, setProblem] = useState<{ detail: string; unplaced: FieldError[] } | null>(null);
  const uscc = Form.useWatch('uscc', form);
  const kind = Form.useWatch('kind', form) as string | undefined;
  const usccCheck = uscc && String(uscc).trim() ? checkUscc(String(uscc)) : undefined;
  const initial: FormValues = entity
    ? initialOf(entity)
    : { name: '', kind: 'enterprise', uscc: '', flags: [], formerNames: [] };
  const showPrivate = !entity || 'contactName' in entity;
  // an enterprise user editing its own entity may not change its identity (the server refuses it too)
  const identityLocked = !!entity && !can('registry:write');

  const save = async () => {
    // Enter in a field and a click on 保存 must not send the same record twice
    if (inFlight.current) return;
    inFlight.current = true;
    setProblem(null);
    const input = toInput(form.getFieldsValue(true) as FormValues);
    setSaving(true);
    try {
      if (entity) {
        const before = toInput(initialOf(entity));
        const patch: Partial<EntityInput> = {};
        for (const k of FIELDS)
          if (JSON.stringify(input[k]) !== JSON.stringify(before[k]))
            (patch as Record<string, unknown>)[k] = input[k];
        const saved = Object.keys(patch).length
          ? await updateEntity(entity.id, patch, entity.version)
          : entity;
        message.destroy();
        void message.success(t('entity.updated', { name: saved.name }));
        void navigate(`/entities/${saved.id}`);
      } else {
        const saved = await createEntity(input);
        message.destroy();
        void message.success(t('entity.created', { name: saved.name }));
        void navigate(`/entities/${saved.id}`);
      }
    } catch (e) {
      const unplaced = applyServerErrors(form, e);
      const detail =
        e instanceof ApiError && e.status === 409 && e.errors.length === 0
          ? t('entity.conflict')
          : e instanceof Error
            ? e.message
            : String(e);
      setProblem({ detail, unplaced });
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  return (
    <>
      <PageTitle
        title={title}
        sub={entity?.name}
        extra={
          <Link to={entity ? `/entities/${entity.id}` : '/entities'}>
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
      <Card>
        <ProblemAlert problem={problem} testId="form-problem" />
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={() => void save()}
          onFinishFailed={() => void message.error(t('common.formHasErrors'))}
          scrollToFirstError
          name="entity"
        >
          <Row gutter={24}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t('entity.field.name')}
                required
                rules={[domainRule(entityErrors, 'name')]}
              >
                <Input maxLength={200} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="kind"
                label={t('entity.field.kind')}
                required
                rules={[domainRule(entityErrors, 'kind')]}
              >
                <Select
                  disabled={identityLocked}
                  options={Object.entries(ENTITY_KIND_LABELS).map(([value, l]) => ({
                    value,
                    label: label(l),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="uscc"
                label={t('entity.field.uscc')}
                required={kind !== 'individual'}
                dependencies={['kind']}
                rules={[domainRule(entityErrors, 'uscc')]}
                extra={
                  usccCheck?.ok ? (
                    <Typography.Text type="success" data-testid="uscc-ok">
                      {t('entity.uscc.ok', { meaning: usccCheck.meaning })}
                    </Typography.Text>
                  ) : undefined
                }
              >
                <Input
                  disabled={identityLocked}
                  maxLength={40}
                  autoComplete="off"
                  placeholder={t('entity.uscc.placeholder')}
                  style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="industry"
                label={t('entity.field.industry')}
                rules={[domainRule(entityErrors, 'industry')]}
              >
                <Input maxLength={10} placeholder={t('entity.industry.placeholder')} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="streetCode" label={t('entity.field.street')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={streets.map((s) => ({ value: s.code, label: s.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="address" label={t('entity.field.address')}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="flags"
                label={t('entity.field.flags')}
                rules={[domainRule(entityErrors, 'flags')]}
              >
                <Select
                  disabled={identityLocked}
                  mode="multiple"
                  allowClear
                  options={Object.entries(ENTITY_FLAG_LABELS).map(([value, l]) => ({
                    value,
                    label: label(l),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="formerNames" label={t('entity.field.formerNames')}>
                <Select
                  mode="tags"
                  open={false}
                  tokenSeparators={['\n']}
                  placeholder={t('entity.formerNames.placeholder')}
                />
              </Form.Item>
            </Col>
          </Row>
          {showPrivate ? (
            <>
              <Typography.Title level={5}>
                {t('entity.private')}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t('entity.privateHint')}
                </Typography.Text>
              </Typography.Title>
              <Row gutter={24}>
                <Col xs={24} md={12}>
                  <Form.Item name="contactName" label={t('entity.field.contactName')}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="contactPhone"
                    label={t('entity.field.contactPhone')}
                    rules={[domainRule(entityErrors, 'contactPhone')]}
                  >
                    <Input maxLength={40} />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="notes" label={t('entity.field.notes')}>
                    <Input.TextArea rows={3} maxLength={4000} />
                  </Form.Item>
                </Col>
              </Row>
            </>
          ) : null}
          <Space>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
              {t('common.save')}
            </Button>
            <Link to={entity ? `/entities/${entity.id}` : '/entities'}>
              <Button>{t('common.cancel')}</Button>
            </Link>
          </Space>
        </Form>
      </Card>
    </>
  );
}
