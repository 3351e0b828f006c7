import { App as AntApp, ConfigProvider, theme } from 'antd';
import type { Locale } from 'antd/lib/locale/index.js';
import enUSModule from 'antd/locale/en_US.js';
import zhCNModule from 'antd/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { useEffect, type ReactNode } from 'react';
import { I18nProvider, useI18n } from '../lib/i18n.ts';
import { SessionProvider } from '../features/auth/session.tsx';

/**
 * antd's locale files are CommonJS with `exports.default`: the bundler hands over the locale itself,
 * while TypeScript (NodeNext) sees the module object. Accept either.
 */
function localeOf(m: unknown): Locale {
  const mod = m as { default?: Locale } & Locale;
  return mod.default ?? mod;
}
const zhCN = localeOf(zhCNModule);
const enUS = localeOf(enUSModule);

function Themed({ children }: { children: ReactNode }) {
  const { lang, t } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: '#1d4ed8',
          borderRadius: 6,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif",
        },
        components: {
          Layout: { headerBg: '#ffffff', siderBg: '#0b1f4b' },
          Menu: { darkItemBg: '#0b1f4b', darkSubMenuItemBg: '#08173a' },
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Every provider the app needs, outermost first: language, theme and antd context, session. */
export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <I18nProvider>
      <Themed>
        <SessionProvider>{children}</SessionProvider>
      </Themed>
    </I18nProvider>
  );
}
