import { Select, Spin, Typography } from 'antd';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useI18n } from '../../../lib/i18n.ts';
import { getEntities } from '../api/get-entities.ts';
import { getEntity } from '../api/get-entity.ts';
import type { Entity } from '../types.ts';

interface Props {
  value?: number | null;
  onChange?: (id: number | null, entity?: Entity) => void;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
}

/** Pick a market entity by searching /api/v1/entities?q= as the user types (debounced). */
export function EntityPicker({ value, onChange, placeholder, style, id }: Props) {
  const { t } = useI18n();
  const [options, setOptions] = useState<Entity[]>([]);
  const [loading, setLoading] = useState(false);
  const [q, setQ] = useState('');
  const seq = useRef(0);
  // a value set from outside (e.g. a filter kept in the URL) shows its name, not its id
  const [picked, setPicked] = useState<Entity | null>(null);

  useEffect(() => {
    if (!value || picked?.id === value || options.some((o) => o.id === value)) return;
    const ac = new AbortController();
    getEntity(value, ac.signal).then(
      (e) => setPicked(e),
      () => undefined,
    );
    return () => ac.abort();
  }, [value, options, picked]);

  useEffect(() => {
    const my = ++seq.current;
    const ac = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      getEntities({ q: q.trim() || undefined, limit: 20 }, ac.signal).then(
        (p) => {
          if (my !== seq.current) return;
          setOptions(p.items);
          setLoading(false);
        },
        () => {
          if (my !== seq.current) return;
          setLoading(false);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [q]);

  return (
    <Select<number>
      id={id}
      showSearch
      allowClear
      value={value ?? undefined}
      placeholder={placeholder ?? t('entityPicker.placeholder')}
      style={{ width: '100%', ...style }}
      filterOption={false}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 360 } } }}
      onSearch={setQ}
      onChange={(v) => {
        const e = options.find((o) => o.id === v) ?? (picked?.id === v ? picked : undefined);
        if (e) setPicked(e);
        onChange?.(v ?? null, e);
      }}
      notFoundContent={loading ? <Spin size="small" /> : t('entityPicker.none')}
      options={(picked && value === picked.id && !options.some((o) => o.id === picked.id)
        ? [picked, ...options]
        : options
      ).map((e) => ({
        value: e.id,
        label: (
          <span>
            {e.name}{' '}
            {e.uscc ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.uscc}
              </Typography.Text>
            ) : null}
          </span>
        ),
      }))}
    />
  );
}
