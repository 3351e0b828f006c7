import { request } from '../../../lib/api.ts';

export type IdentifierResult = { kind: string; input: string } & (
  | ({ ok: true; value: string; display: string; meaning: string } & Record<string, unknown>)
  | { ok: false; reason: string }
);

/** Validate one identifier on the server and say why. */
export function checkIdentifier(
  kind: string,
  value: string,
  signal?: AbortSignal,
): Promise<IdentifierResult> {
  return request<IdentifierResult>(`/identifiers/${encodeURIComponent(kind)}/${encodeURIComponent(value)}`, {
    signal,
  });
}
