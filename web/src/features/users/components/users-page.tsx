import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import type { FieldError } from '../../../lib/api.ts';
import { applyServerErrors } from '../../../lib/form-errors.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ProblemAlert } from '../../../lib/use-server-submit.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import type { PublicUser } from '../../auth/types.ts';
import { useSession } from '../../auth/session.tsx';
import { EntityPicker } from '../../entities/components/entity-picker.tsx';
import { createUser } from '../api/create-user.ts';
import { getRoles } from '../api/get-roles.ts';
import { getUsers } from '../api/get-users.ts';
import { updateUser } from '../api/update-user.ts';
import type { NewUser } from '../types.ts';

/** The server's user rules (src/modules/auth/auth.service.ts), checked as the admin types. */
const USERNAME_RE = /^[A-Za-z0-9_.@-]{3,64}$/;

export function UsersPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const users = useAsync((signal) => getUsers(signal), []);
  const roles = useAsync((signal) => getRoles(signal), []);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ detail: string; unplaced: FieldError[] } | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [form] = Form.useForm<NewUser>();
  const role = Form.useWatch('role', form);

  const roleName = (code: string) => {
    const r = roles.data?.find((x) => x.code === code);
    return r ? (lang === 'zh-CN' ? r.nameZh : r.nameEn) : code;
  };

  const create = async (v: NewUser) => {
    setSaving(true);
    setProblem(null);
    try {
      const u = await createUser({
        ...v,
        displayName: v.displayName?.trim() || undefined,
        entityId: v.entityId ?? null,
        email: v.email?.trim() || null,
      });
      void message.success(t('users.created', { name: u.username }));
      setOpen(false);
      form.resetFields();
      users.reload();
    } catch (e) {
      setProblem({
        detail: e instanceof Error ? e.message : String(e),
        unplaced: applyServerErrors(form, e),
      });
    } finally {
      setSaving(false);
    }
  };

  const toggle = async (u: PublicUser, active: boolean) => {
    setBusyId(u.id);
    try {
      await updateUser(u.id, { active });
      void message.success(t(active ? 'users.activated' : 'users.deactivated', { name: u.username }));
      users.reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<PublicUser> = [
    { title: t('common.id'), dataIndex: 'id', key: 'id', width: 70 },
    { title: t('users.username'), dataIndex: 'username', key: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName' },
    {
      title: t('users.email'),
      dataIndex: 'email',
      key: 'email',
      render: (e: string | null) => e ?? '—',
    },
    {
      title: t('users.role'),
      dataIndex: 'role',
      key: 'role',
      render: (r: string) => <Tag color="blue">{roleName(r)}</Tag>,
    },
    {
      title: t('users.entity'),
      dataIndex: 'entityId',
      key: 'entityId',
      render: (id: number | null) => (id ? <Link to={`/entities/${id}`}>#{id}</Link> : '—'),
    },
    {
      title: t('users.active'),
      dataIndex: 'active',
      key: 'active',
      width: 90,
      render: (a: boolean, u) => (
        <Switch
          size="small"
          checked={a}
          loading={busyId === u.id}
          disabled={u.id === me?.user?.id}
          onChange={(v) => void toggle(u, v)}
        />
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('users.title')}
        sub={users.data ? t('common.total', { total: users.data.length }) : undefined}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('users.new')}
          </Button>
        }
      />
      {users.error ? (
        <Card>
          <ErrorResult error={users.error} onRetry={users.reload} />
        </Card>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<PublicUser>
            rowKey="id"
            columns={columns}
            dataSource={users.data ?? []}
            loading={users.loading}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{
              emptyText: users.loading ? (
                <div style={{ height: 120 }} />
              ) : (
                <Empty description={t('common.empty')} />
              ),
            }}
          />
        </Card>
      )}
      <Modal
        open={open}
        title={t('users.new')}
        onCancel={() => {
          setOpen(false);
          setProblem(null);
        }}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: saving }}
        forceRender
      >
        <ProblemAlert problem={problem} />
        <Form<NewUser>
          form={form}
          layout="vertical"
          name="user"
          initialValues={{ role: 'analyst' }}
          onFinish={(v) => void create(v)}
        >
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameRule')}
            rules={[
              {
                validator: (_r, v: string | undefined) =>
                  v && USERNAME_RE.test(v)
                    ? Promise.resolve()
                    : Promise.reject(new Error('must be 3–64 letters, digits or _ . @ -')),
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('users.email')}
            extra={t('users.emailHint')}
            rules={[{ type: 'email', message: t('users.emailInvalid') }]}
          >
            <Input type="email" maxLength={254} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('users.password')}
            extra={t('users.passwordRule')}
            rules={[
              {
                validator: (_r, v: string | undefined) =>
                  !v || v.length < 10
                    ? Promise.reject(new Error('must be at least 10 characters'))
                    : v.length > 200
                      ? Promise.reject(new Error('must be at most 200 characters'))
                      : Promise.resolve(),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
            <Select
              loading={roles.loading}
              options={(roles.data ?? [])
                .filter((r) => r.code !== 'public')
                .map((r) => ({ value: r.code, label: lang === 'zh-CN' ? r.nameZh : r.nameEn }))}
            />
          </Form.Item>
          <Form.Item
            name="entityId"
            label={t('users.entity')}
            dependencies={['role']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_r, v: number | null | undefined) =>
                  getFieldValue('role') === 'enterprise' && !v
                    ? Promise.reject(new Error('an enterprise user must belong to an entity'))
                    : Promise.resolve(),
              }),
            ]}
            required={role === 'enterprise'}
          >
            <EntityPicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
