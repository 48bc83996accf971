/** A parsed YAML file that remembers where each value came from, so problems can cite lines. */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  /** Line (1-based) of the value at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** YAML syntax errors, with their lines. */
  readonly syntaxErrors: readonly { line: number; message: string }[];
}

/** Parses YAML text, keeping positions. Never throws on bad YAML: errors are returned. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => ({
    line: lineCounter.linePos(e.pos[0]).line,
    message: e.message.split('\n')[0] ?? e.message,
  }));
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { file, data: syntaxErrors.length > 0 ? undefined : doc.toJS(), lineOf, syntaxErrors };
}
