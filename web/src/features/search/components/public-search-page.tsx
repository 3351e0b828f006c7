import { LoginOutlined, TranslationOutlined } from '@ant-design/icons';
import { Button, Layout, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../lib/i18n.ts';
import { SearchPage } from './search-page.tsx';

/** /public/search: the search page for everyone, without login (public fields of non-confidential records). */
export function PublicSearchPage() {
  const { t, lang, setLang } = useI18n();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff' }}
      >
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Space>
          <Button
            type="text"
            icon={<TranslationOutlined />}
            onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
          >
            {lang === 'zh-CN' ? 'English' : '中文'}
          </Button>
          <Link to="/login" state={{ from: '/search' }}>
            <Button type="primary" icon={<LoginOutlined />}>
              {t('savedSearch.public.login')}
            </Button>
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <SearchPage publicView />
      </Layout.Content>
    </Layout>
  );
}
