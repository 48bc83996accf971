/**
 * The dashboard's calls to the admin API: the bearer token (kept in sessionStorage, so it lives
 * as long as the tab), JSON and CSV requests, and the filter → query-string mapping.
 */
/* global sessionStorage, fetch, URLSearchParams, document, setTimeout */

const KEY = 'justask.admin.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, body) {
    super(`HTTP ${status}${body?.error ? `: ${body.error}` : ''}`);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function call(path, params) {
  const qs = params ? `?${new URLSearchParams(params)}` : '';
  const res = await fetch(`/admin/api/${path}${qs}`, {
    headers: { authorization: `Bearer ${token.get() ?? ''}` },
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => undefined));
  return res;
}

/** The query parameters of the current filters (empty filters left out). */
export function filterParams(filters, groupBy) {
  const p = { from: filters.from, to: filters.to, groupBy: groupBy.join(',') };
  for (const k of ['locale', 'channel', 'journey']) if (filters[k]) p[k] = filters[k];
  return p;
}

export const optins = async (filters, groupBy) =>
  (await call('optins', filterParams(filters, groupBy))).json();
export const dialogueMap = async () => (await call('dialogue-map')).json();

/** Downloads the CSV report of the current filters as a file. */
export async function downloadCsv(filters, groupBy) {
  const res = await call('optins.csv', filterParams(filters, groupBy));
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'optins.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
