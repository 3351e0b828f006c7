/**
 * A small streaming XML helper on top of saxes, shared by the XML importers.
 *
 * The importers only need the bibliographic part of each document, so `XmlCollector` builds a
 * light element tree ("XNode") for chosen elements while skipping bulky subtrees (description,
 * claims, drawings …): memory stays bounded by the size of one bibliographic record.
 * Element names are matched by local name (namespace prefixes are ignored).
 */
import { SaxesParser } from 'saxes';
import { XML_CHARACTER_ENTITIES } from './xml-entities.ts';

export interface XNode {
  /** local name (prefix removed) */
  name: string;
  attrs: Record<string, string>;
  children: Array<XNode | string>;
}

export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function attrsOf(attributes: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    out[localName(k)] = typeof v === 'string' ? v : String((v as { value?: unknown }).value ?? '');
  }
  return out;
}

/** Direct children with a given local name. */
export function kids(node: XNode | undefined, name: string): XNode[] {
  if (!node) return [];
  const out: XNode[] = [];
  for (const c of node.children) if (typeof c !== 'string' && c.name === name) out.push(c);
  return out;
}

/** First node reached by a path of local names ('a/b/c'); every step takes the first match. */
export function at(node: XNode | undefined, path: string): XNode | undefined {
  let cur = node;
  for (const step of path.split('/')) {
    if (!cur) return undefined;
    cur = kids(cur, step)[0];
  }
  return cur;
}

/** Every node reached by a path of local names (all matches at every step). */
export function all(node: XNode | undefined, path: string): XNode[] {
  let cur: XNode[] = node ? [node] : [];
  for (const step of path.split('/')) cur = cur.flatMap((n) => kids(n, step));
  return cur;
}

/** Every descendant (depth first, document order) with a given local name. */
export function descendants(node: XNode | undefined, name: string): XNode[] {
  const out: XNode[] = [];
  const walk = (n: XNode): void => {
    for (const c of n.children) {
      if (typeof c === 'string') continue;
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  if (node) walk(node);
  return out;
}

/** Raw concatenated text of a node. */
export function rawText(node: XNode | undefined): string {
  if (!node) return '';
  let s = '';
  for (const c of node.children) s += typeof c === 'string' ? c : rawText(c);
  return s;
}

/** Text with whitespace runs collapsed to one space and trimmed ('' when absent). */
export function text(node: XNode | undefined): string {
  return collapse(rawText(node));
}

export function collapse(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Text of the first node at a path, or undefined when absent or empty. */
export function textAt(node: XNode | undefined, path: string): string | undefined {
  const t = text(at(node, path));
  return t === '' ? undefined : t;
}

/**
 * Plain text of a block of paragraphs (abstract): one line per paragraph-like child
 * (`p`, `paragraph`, `PARA`), whitespace collapsed inside each paragraph.
 */
export function paragraphsText(node: XNode | undefined, paraNames = ['p', 'paragraph', 'PARA']): string {
  if (!node) return '';
  const paras: string[] = [];
  const walk = (n: XNode): void => {
    for (const c of n.children) {
      if (typeof c === 'string') continue;
      if (paraNames.includes(c.name)) {
        const t = text(c);
        if (t) paras.push(t);
      } else walk(c);
    }
  };
  walk(node);
  return paras.length ? paras.join('\n') : text(node);
}

export interface CollectorOptions {
  /** start building a tree at this element (called only outside an already captured tree) */
  capture(name: string, depth: number): boolean;
  /** inside a captured tree: drop this element and its content */
  skip?(name: string, depth: number, root: XNode): boolean;
  /** a captured tree is complete */
  onNode(node: XNode, depth: number): void;
  /** an element outside a captured tree opens / closes */
  onOpen?(name: string, depth: number, attrs: Record<string, string>): void;
  onClose?(name: string, depth: number): void;
}

/**
 * Wraps one saxes parser for one XML document. Errors other than undefined entities are recorded
 * (the first one is kept in `error`); undefined entities are left verbatim in the text.
 */
export class XmlCollector {
  readonly parser: SaxesParser;
  error: string | undefined;
  /** line (within this document) of the first error */
  errorLine: number | undefined;
  rootName: string | undefined;
  rootClosed = false;
  /** partially built captured tree (useful to name a document that broke midway) */
  current: XNode | undefined;
  private stack: XNode[] = [];
  private depth = 0;
  private captureDepth = -1;
  private skipDepth = -1;

  constructor(private readonly opts: CollectorOptions) {
    const parser = new SaxesParser({ position: true });
    Object.assign(parser.ENTITIES, XML_CHARACTER_ENTITIES);
    this.parser = parser;
    parser.on('error', (err) => {
      if (/undefined entity/.test(err.message)) return;
      if (this.error === undefined) {
        this.error = err.message;
        this.errorLine = parser.line;
      }
    });
    parser.on('opentag', (tag) => {
      const name = localName(tag.name);
      this.depth++;
      if (this.depth === 1) this.rootName = name;
      if (this.skipDepth >= 0) return;
      if (this.captureDepth >= 0) {
        const root = this.stack[0]!;
        if (this.opts.skip?.(name, this.depth, root)) {
          this.skipDepth = this.depth;
          return;
        }
        const node: XNode = { name, attrs: attrsOf(tag.attributes), children: [] };
        this.stack[this.stack.length - 1]!.children.push(node);
        this.stack.push(node);
        return;
      }
      const attrs = attrsOf(tag.attributes);
      if (this.opts.capture(name, this.depth)) {
        const node: XNode = { name, attrs, children: [] };
        this.captureDepth = this.depth;
        this.stack = [node];
        this.current = node;
        return;
      }
      this.opts.onOpen?.(name, this.depth, attrs);
    });
    const onText = (t: string): void => {
      if (this.captureDepth < 0 || this.skipDepth >= 0) return;
      const top = this.stack[this.stack.length - 1];
      if (!top) return;
      const last = top.children[top.children.length - 1];
      if (typeof last === 'string') top.children[top.children.length - 1] = last + t;
      else top.children.push(t);
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', (tag) => {
      const d = this.depth--;
      if (d === 1) this.rootClosed = true;
      if (this.skipDepth >= 0) {
        if (d === this.skipDepth) this.skipDepth = -1;
        return;
      }
      if (this.captureDepth >= 0) {
        const node = this.stack.pop()!;
        if (d === this.captureDepth) {
          this.captureDepth = -1;
          this.current = undefined;
          this.opts.onNode(node, d);
        }
        return;
      }
      this.opts.onClose?.(localName(tag.name), d);
    });
  }

  /** current line within the document (1-based); kept after close() */
  get line(): number {
    return this.closedAtLine ?? this.parser.line;
  }

  private closedAtLine: number | undefined;

  write(s: string): void {
    if (this.error) return;
    try {
      this.parser.write(s);
    } catch (e) {
      this.error ??= e instanceof Error ? e.message : String(e);
      this.errorLine ??= this.parser.line;
    }
  }

  close(): void {
    this.closedAtLine = this.parser.line;
    if (this.error) return;
    try {
      this.parser.close();
    } catch (e) {
      this.error ??= e instanceof Error ? e.message : String(e);
    }
  }
}
