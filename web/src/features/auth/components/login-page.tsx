import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n.ts';
import { login } from '../api/login.ts';
import { useSession } from '../session.tsx';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me?.user) return <Navigate to={from} replace />;

  const submit = async (v: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const r = await login(v.username.trim(), v.password);
      setMe({ user: r.user, role: r.user.role, permissions: r.permissions });
      void navigate(from, { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #0b3a8c 0%, #1d4ed8 55%, #3b82f6 100%)',
        padding: 16,
      }}
    >
      <div style={{ width: 400, maxWidth: '100%' }}>
        <div style={{ textAlign: 'center', color: '#fff', marginBottom: 24 }}>
          <div style={{ fontSize: 40, fontWeight: 700, letterSpacing: 4 }}>{t('app.short')}</div>
          <div style={{ fontSize: 16, opacity: 0.9 }}>{t('app.subtitle')}</div>
        </div>
        <Card
          title={t('login.title')}
          extra={
            <Button
              type="text"
              size="small"
              icon={<TranslationOutlined />}
              onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
            >
              {t('header.switchLang')}
            </Button>
          }
        >
          {error ? (
            <Alert
              type="error"
              showIcon
              message={t('login.failed')}
              description={error}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          ) : null}
          <Form<LoginForm>
            layout="vertical"
            name="login"
            onFinish={(v) => void submit(v)}
            requiredMark={false}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Typography.Paragraph style={{ textAlign: 'center', color: 'rgba(255,255,255,0.75)', marginTop: 24 }}>
          {t('app.footer')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
