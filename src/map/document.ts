/**
 * A small document model for what the map generates for people (privacy notice, map page):
 * headings, paragraphs, labelled fields and lists, rendered to Markdown or HTML.
 */

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [label: string, value: string])[] }
  | { readonly kind: 'list'; readonly items: readonly string[] };

/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Escaped text with web addresses and email addresses made into links. */
export function linkify(text: string): string {
  return escapeHtml(text).replace(
    /\bhttps?:\/\/[^\s<,;]+[^\s<,;.)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
    (m) => `<a href="${m.includes('@') && !m.startsWith('http') ? 'mailto:' : ''}${m}">${m}</a>`,
  );
}

/** Markdown: headings with `#`, fields as a bullet list with bold labels. */
export function toMarkdown(blocks: readonly Block[]): string {
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${b.text}`;
      case 'paragraph':
        return b.text;
      case 'fields':
        return b.rows.map(([label, value]) => `- **${label}**: ${value}`).join('\n');
      case 'list':
        return b.items.map((i) => `- ${i}`).join('\n');
    }
  });
  return parts.join('\n\n') + '\n';
}

/** HTML body content (no document shell): one element per block. */
export function toHtmlBody(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case 'heading':
          return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
        case 'paragraph':
          return `<p>${linkify(b.text)}</p>`;
        case 'fields':
          return `<dl>\n${b.rows.map(([l, v]) => `  <dt>${escapeHtml(l)}</dt><dd>${linkify(v)}</dd>`).join('\n')}\n</dl>`;
        case 'list':
          return `<ul>\n${b.items.map((i) => `  <li>${linkify(i)}</li>`).join('\n')}\n</ul>`;
      }
    })
    .join('\n');
}

export interface HtmlPage {
  readonly lang: string;
  readonly title: string;
  readonly body: string;
  /** Extra CSS for this page. */
  readonly css?: string;
}

const BASE_CSS =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}' +
  'dt{font-weight:600}dd{margin:0 0 .6rem}nav a{margin-right:.8rem}table{border-collapse:collapse}' +
  'td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}';

/** A whole, self-contained HTML document (no scripts, no external resources). */
export function htmlDocument(page: HtmlPage): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(page.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${BASE_CSS}${page.css ?? ''}</style>`,
    '</head>',
    '<body>',
    page.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
