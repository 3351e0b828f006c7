import { ApiError, apiUrl, type Problem } from '../../../lib/api.ts';
import type { ImportJob } from '../types.ts';

/**
 * Upload a file to POST /api/v1/imports (multipart field `file`). XMLHttpRequest rather than fetch, for
 * upload progress. Resolves with the job as soon as the server has it (202); the import runs on.
 */
export function uploadImport(
  file: File,
  opts: { format?: string; onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/imports', { format: opts.format }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded, e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as ImportJob);
      else
        reject(
          new ApiError(
            body && typeof body === 'object'
              ? ({ status: xhr.status, ...(body as object) } as Problem)
              : { status: xhr.status, detail: xhr.responseText.slice(0, 300) || `HTTP ${xhr.status}` },
          ),
        );
    };
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'NETWORK', detail: 'the upload failed (network error)' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const fd = new FormData();
    fd.append('file', file, file.name);
    xhr.send(fd);
  });
}
