import { Button, Descriptions, Drawer, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { StatusTag, SubTypeTag } from '../../../components/label-tag.tsx';
import { fmtDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { ASSET_KIND_LABELS } from '../../../lib/labels.ts';
import { mainNumber } from '../../assets/components/asset-number.ts';
import type { Asset } from '../../assets/types.ts';
import { highlightParts } from './query-text.ts';

/** A text with the query's words marked. */
export function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  return (
    <>
      {highlightParts(text, words).map((p, i) =>
        p.hit ? (
          <mark key={i} style={{ background: '#fff1b8', padding: '0 1px', borderRadius: 2 }}>
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

function owners(a: Asset): string {
  return a.owners.map((o) => o.entityName ?? o.name).join('；') || '—';
}

/** One hit: highlighted title, number, type and status tags, owners, filing date. */
export function SearchHit({
  asset: a,
  words,
  onOpen,
}: {
  asset: Asset;
  words: readonly string[];
  onOpen: () => void;
}) {
  const { t, code } = useI18n();
  return (
    <List.Item
      data-testid="search-hit"
      style={{ cursor: 'pointer', padding: '12px 16px' }}
      onClick={onOpen}
      className="search-hit"
    >
      <div style={{ width: '100%' }}>
        <Typography.Link strong style={{ fontSize: 15 }} data-testid="search-hit-title">
          <Highlighted text={a.title ?? mainNumber(a)} words={words} />
        </Typography.Link>
        <div style={{ marginTop: 4 }}>
          <Space size={[8, 4]} wrap>
            <span onClick={(e) => e.stopPropagation()}>
              <Typography.Text type="secondary" copyable={{ text: mainNumber(a) }}>
                {mainNumber(a)}
              </Typography.Text>
            </span>
            {a.subType ? <SubTypeTag subType={a.subType} /> : <Tag>{code(ASSET_KIND_LABELS, a.kind)}</Tag>}
            <StatusTag status={a.status} />
            {a.ipc.slice(0, 3).map((c) => (
              <Typography.Text key={c} code style={{ fontSize: 12 }}>
                {c}
              </Typography.Text>
            ))}
          </Space>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('asset.field.owners')}：{owners(a)} · {t('asset.field.filingDate')}：{fmtDate(a.filingDate)}
        </Typography.Text>
      </div>
    </List.Item>
  );
}

/** The bibliographic data of a hit, with a link to the full record. */
export function HitDrawer({
  asset: a,
  words,
  onClose,
  publicView = false,
}: {
  asset: Asset | null;
  words: readonly string[];
  onClose: () => void;
  /** the public's drawer: no links to the registry pages (they need a login) */
  publicView?: boolean;
}) {
  const { t, code } = useI18n();
  return (
    <Drawer
      open={a !== null}
      onClose={onClose}
      width={620}
      title={a ? <Highlighted text={a.title ?? mainNumber(a)} words={words} /> : null}
      extra={
        a && !publicView ? (
          <Link to={`/assets/${a.id}`}>
            <Button type="primary">{t('search.openAsset')}</Button>
          </Link>
        ) : null
      }
      data-testid="hit-drawer"
    >
      {a ? (
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            { key: 'kind', label: t('asset.field.kind'), children: code(ASSET_KIND_LABELS, a.kind) },
            { key: 'subType', label: t('asset.field.subType'), children: <SubTypeTag subType={a.subType} /> },
            { key: 'status', label: t('asset.field.status'), children: <StatusTag status={a.status} /> },
            { key: 'office', label: t('asset.field.office'), children: a.office },
            { key: 'app', label: t('asset.field.applicationNumber'), children: a.applicationNumber ?? '—' },
            { key: 'pub', label: t('asset.field.publicationNumber'), children: a.publicationNumber ?? '—' },
            ...(a.kind !== 'patent'
              ? [
                  {
                    key: 'reg',
                    label: t('asset.field.registrationNumber'),
                    children: a.registrationNumber ?? '—',
                  },
                ]
              : []),
            { key: 'filing', label: t('asset.field.filingDate'), children: fmtDate(a.filingDate) },
            { key: 'pubDate', label: t('asset.field.publicationDate'), children: fmtDate(a.publicationDate) },
            a.kind === 'patent'
              ? { key: 'grant', label: t('asset.field.grantDate'), children: fmtDate(a.grantDate) }
              : {
                  key: 'regDate',
                  label: t('asset.field.registrationDate'),
                  children: fmtDate(a.registrationDate),
                },
            { key: 'expiry', label: t('asset.field.expiryDate'), children: fmtDate(a.expiryDate) },
            {
              key: 'owners',
              label: t('asset.field.owners'),
              children: (
                <Space direction="vertical" size={2}>
                  {a.owners.length === 0
                    ? '—'
                    : a.owners.map((o) =>
                        o.entityId !== null && !publicView ? (
                          <Link key={o.seq} to={`/entities/${o.entityId}`}>
                            {o.entityName ?? o.name}
                          </Link>
                        ) : (
                          <span key={o.seq}>
                            {o.entityName ?? o.name}{' '}
                            {o.entityId === null ? <Tag>{t('asset.owner.unmatched')}</Tag> : null}
                          </span>
                        ),
                      )}
                </Space>
              ),
            },
            ...(a.ipc.length
              ? [
                  {
                    key: 'ipc',
                    label: t('asset.field.ipc'),
                    children: (
                      <Space size={[0, 4]} wrap>
                        {a.ipc.map((c) => (
                          <Tag key={c}>{c}</Tag>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
            ...(a.niceClasses.length
              ? [{ key: 'nice', label: t('asset.field.niceClasses'), children: a.niceClasses.join('、') }]
              : []),
            ...(a.abstract
              ? [
                  {
                    key: 'abstract',
                    label: t('asset.field.abstract'),
                    children: (
                      <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                        <Highlighted text={a.abstract} words={words} />
                      </Typography.Paragraph>
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : null}
    </Drawer>
  );
}
