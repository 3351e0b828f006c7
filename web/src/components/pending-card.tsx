import { Card, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ErrorResult } from './error-result.tsx';

/**
 * A card whose data has not arrived: a skeleton while the first request runs, else the designed error
 * state with a retry. Cards render it until they have data, then their own body.
 */
export function PendingCard({
  title,
  loading,
  error,
  onRetry,
  rows = 6,
}: {
  title: ReactNode;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  rows?: number;
}) {
  return (
    <Card title={title}>
      {loading ? (
        <Skeleton active paragraph={{ rows }} />
      ) : (
        <ErrorResult compact error={error} onRetry={onRetry} />
      )}
    </Card>
  );
}
