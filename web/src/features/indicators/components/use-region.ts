import { request } from '../../../lib/api.ts';
import { useAsync } from '../../../lib/use-async.ts';

interface Region {
  code: string;
  name: string;
  isDefault: boolean;
}

/** The default region profile and its streets (街道), for the scope pickers. */
export function useRegion() {
  const regions = useAsync((signal) => request<Region[]>('/regions', { signal }), []);
  const region = regions.data?.find((r) => r.isDefault) ?? regions.data?.[0];
  const streets = useAsync(
    (signal) =>
      region
        ? request<{ code: string; name: string }[]>('/streets', { query: { region: region.code }, signal })
        : Promise.resolve([]),
    [region?.code],
  );
  return { region, streets: streets.data ?? [], error: regions.error ?? streets.error };
}
