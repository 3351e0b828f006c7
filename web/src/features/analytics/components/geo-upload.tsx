import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Popconfirm, Space, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, type FieldError } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { deleteStreetOutlines, putStreetOutlines } from '../api/dashboard.ts';

/** Upload (or remove) the street outlines of the region: a GeoJSON file checked by the server feature by feature. */
export function GeoUpload({ loaded, onChanged }: { loaded: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ detail: string; errors: FieldError[] } | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch (e) {
        setRefused({ detail: t('dash.geo.notJson'), errors: [{ field: file.name, reason: String(e) }] });
        return;
      }
      const r = await putStreetOutlines(body, file.name);
      message.success(t('dash.geo.saved', { n: r.features }));
      onChanged();
    } catch (e) {
      if (e instanceof ApiError) setRefused({ detail: e.message, errors: e.errors });
      else message.error(String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space size={4}>
      <Upload
        accept=".geojson,.json,application/geo+json,application/json"
        showUploadList={false}
        beforeUpload={(f) => {
          void upload(f);
          return false;
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="geo-upload">
          {t('dash.geo.upload')}
        </Button>
      </Upload>
      {loaded ? (
        <Popconfirm
          title={t('dash.geo.removeConfirm')}
          onConfirm={async () => {
            await deleteStreetOutlines();
            onChanged();
          }}
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('dash.geo.remove')} />
        </Popconfirm>
      ) : null}
      <Modal
        open={refused !== null}
        onCancel={() => setRefused(null)}
        footer={null}
        title={t('dash.geo.refused')}
      >
        {refused ? (
          <Alert
            type="error"
            showIcon
            message={refused.detail}
            description={
              <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 320, overflow: 'auto' }}>
                {refused.errors.map((e, i) => (
                  <li key={i}>
                    <code>{e.field}</code>: {e.reason}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
      </Modal>
    </Space>
  );
}
