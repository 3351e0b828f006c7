import { Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { ListFooter } from '../../../components/list-footer.tsx';
import { StatusTag, SubTypeTag } from '../../../components/label-tag.tsx';
import { fmtDate } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n.ts';
import type { CursorList } from '../../../lib/use-cursor-list.ts';
import type { Asset } from '../types.ts';
import { mainNumber } from './asset-number.ts';

interface Props {
  list: CursorList<Asset>;
  sort?: string;
  onSort?: (sort: string | undefined) => void;
  filtered?: boolean;
  hideOwners?: boolean;
}

/** IP assets in a table with server-side sorting and "load more" paging. */
export function AssetTable({ list, sort, onSort, filtered, hideOwners }: Props) {
  const { t } = useI18n();
  const sortKey = sort?.replace(/^-/, '');
  const order = (col: string) =>
    sortKey === col ? (sort?.startsWith('-') ? ('descend' as const) : ('ascend' as const)) : null;
  const sortable = (col: string) => (onSort ? { sorter: true, sortOrder: order(col) } : {});

  const columns: TableColumnsType<Asset> = [
    {
      title: t('asset.field.title'),
      key: 'title',
      ...sortable('title'),
      render: (_: unknown, a: Asset) => (
        <Space size={4} wrap>
          <Link to={`/assets/${a.id}`}>{a.title ?? mainNumber(a)}</Link>
          {a.confidential ? <Tag color="red">{t('asset.field.confidential')}</Tag> : null}
          {a.isDemo ? <Tag bordered={false}>{t('common.demo')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('asset.field.subType'),
      key: 'subType',
      width: 120,
      render: (_: unknown, a: Asset) => <SubTypeTag subType={a.subType} />,
    },
    {
      title: t('asset.field.number'),
      key: 'applicationNumber',
      width: 180,
      ...sortable('applicationNumber'),
      render: (_: unknown, a: Asset) => (
        <Space direction="vertical" size={0} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text code>{mainNumber(a)}</Typography.Text>
          {a.kind === 'patent' && a.publicationNumber && a.applicationNumber ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.publicationNumber}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    ...(hideOwners
      ? []
      : [
          {
            title: t('asset.field.owners'),
            key: 'owners',
            width: 260,
            render: (_: unknown, a: Asset) => (
              <Space direction="vertical" size={0}>
                {a.owners.slice(0, 3).map((o) =>
                  o.entityId ? (
                    <Link key={o.seq} to={`/entities/${o.entityId}`}>
                      {o.entityName ?? o.name}
                    </Link>
                  ) : (
                    <Typography.Text key={o.seq}>{o.name}</Typography.Text>
                  ),
                )}
                {a.owners.length > 3 ? (
                  <Typography.Text type="secondary">+{a.owners.length - 3}</Typography.Text>
                ) : null}
              </Space>
            ),
          },
        ]),
    {
      title: t('asset.field.filingDate'),
      key: 'filingDate',
      width: 120,
      ...sortable('filingDate'),
      render: (_: unknown, a: Asset) => fmtDate(a.filingDate),
    },
    {
      title: t('asset.field.grantOrReg'),
      key: 'grantDate',
      width: 130,
      ...sortable('grantDate'),
      render: (_: unknown, a: Asset) => fmtDate(a.grantDate ?? a.registrationDate),
    },
    {
      title: t('asset.field.status'),
      key: 'status',
      width: 130,
      render: (_: unknown, a: Asset) => <StatusTag status={a.status} />,
    },
  ];

  const onChange: TableProps<Asset>['onChange'] = (_p, _f, sorter) => {
    if (!onSort) return;
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s || !s.order || !s.columnKey) onSort(undefined);
    else onSort(`${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}`);
  };

  return (
    <>
      <Table<Asset>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        onChange={onChange}
        scroll={{ x: 1150 }}
        locale={{
          emptyText: list.loading ? (
            <div style={{ height: 120 }} />
          ) : (
            <Empty description={filtered ? t('common.noMatch') : t('common.empty')} />
          ),
        }}
      />
      <ListFooter
        loaded={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.loadingMore}
        onMore={list.loadMore}
      />
    </>
  );
}
