/**
 * The search query language, parsed into an AST (pure; the database layer compiles the AST to SQL).
 *
 * ```
 * 固态电池 负极                 two words, both required (implicit AND)
 * "固态电池"                    a phrase: the exact text (“curly” quotes work too)
 * 电池 OR 电容   电池 NOT 铅酸   电池 -铅酸   (电池 OR 电容) AND 汽车
 * title:芯片  abstract:"散热"  applicant:华为
 * ipc:G06F*  ipc:H01M  ipc:G06F17/30        a trailing * is a plain prefix; without it a section, class,
 *                                           subclass or main group covers its subdivisions, a full symbol is exact
 * nice:9   street:徐家汇街道   year:2020   year:2019..2022   year:2019..   year:..2022
 * status:有效 (or in_force)   kind:专利 (patent)   type:发明 (invention)
 * 201710601862.3  CN2017106018623  ZL201710601862  CN106844774A  106844774   any written form of a number
 * number:…  forces a number; title:(电池 OR 电容)  a field applies to a whole group
 * ```
 *
 * Precedence: NOT / `-` binds tightest, then AND (explicit or implicit), then OR. The operators are the
 * upper-case words `AND`, `OR`, `NOT`; lower-case `and` is a word. Full-width ASCII (`（`, `：`, `ＡＮＤ`)
 * is read as half-width. A query that does not parse throws {@link QueryError} with the 0-based position
 * of the problem in the query string.
 */
import { RuleError } from '../errors.ts';
import type { AssetStatus } from '../lifecycle/status.ts';
import { toHalfWidth } from '../names.ts';
import { checkCnApplicationNumber } from '../ids/cn-appno.ts';
import { readNumber } from './numbers.ts';

export type TextField = 'title' | 'abstract' | 'applicant';
export type AssetKind = 'patent' | 'trademark' | 'copyright';
export type SubType = 'invention' | 'utility_model' | 'design' | 'plant' | 'trademark' | 'work' | 'software';

/** A parsed query. Boolean nodes have at least two children and are flattened (`a AND (b AND c)` is one AND). */
export type QueryNode =
  /** the empty query: every record */
  | { type: 'all' }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  /**
   * Text. `field` null = any text field (title, abstract, applicant names; and a number's written forms).
   * `phrase`: quoted, the exact text; else a word, which the search layer segments into words that must
   * all occur. `prefix`: written with a trailing `*` (not part of `value`).
   */
  | { type: 'text'; field: TextField | null; value: string; phrase: boolean; prefix: boolean }
  /** an identifier in any written form; `keys` are the normalised keys it may stand for (see numbers.ts) */
  | { type: 'number'; value: string; keys: string[] }
  /** IPC: `prefix` matches every symbol starting with `value`; `exact` one full symbol */
  | { type: 'ipc'; value: string; match: 'prefix' | 'exact' }
  | { type: 'nice'; value: number }
  /** a street by code or name (`徐家汇街道`, `徐家汇`, `310104014`) */
  | { type: 'street'; value: string }
  /** filing year, inclusive bounds; null = open */
  | { type: 'year'; from: number | null; to: number | null }
  | { type: 'status'; value: AssetStatus }
  | { type: 'kind'; value: AssetKind }
  | { type: 'subType'; value: SubType };

/**
 * A query that does not parse: a 400 (a RuleError with code `BAD_QUERY`, field `q`) that says where.
 * `position` is the 0-based index into the query string.
 */
export class QueryError extends RuleError {
  readonly position: number;
  constructor(message: string, position: number) {
    super('BAD_QUERY', message, [{ field: 'q', reason: `${message} (at position ${position})` }], 400);
    this.name = 'QueryError';
    this.position = position;
  }
}

type FieldName = TextField | 'ipc' | 'nice' | 'street' | 'year' | 'status' | 'kind' | 'type' | 'number';

/** Canonical field names, in the order they are listed in error messages. */
export const QUERY_FIELDS: readonly FieldName[] = [
  'title',
  'abstract',
  'applicant',
  'ipc',
  'nice',
  'street',
  'year',
  'status',
  'kind',
  'type',
  'number',
];

/** Field names and their aliases (English short forms and Chinese labels). */
const FIELD_ALIASES: Readonly<Record<string, FieldName>> = {
  title: 'title',
  ti: 'title',
  标题: 'title',
  名称: 'title',
  abstract: 'abstract',
  ab: 'abstract',
  摘要: 'abstract',
  applicant: 'applicant',
  owner: 'applicant',
  申请人: 'applicant',
  权利人: 'applicant',
  专利权人: 'applicant',
  ipc: 'ipc',
  分类号: 'ipc',
  nice: 'nice',
  尼斯: 'nice',
  street: 'street',
  街道: 'street',
  year: 'year',
  年份: 'year',
  申请年: 'year',
  status: 'status',
  状态: 'status',
  法律状态: 'status',
  kind: 'kind',
  种类: 'kind',
  type: 'type',
  类型: 'type',
  number: 'number',
  no: 'number',
  号码: 'number',
  申请号: 'number',
  公开号: 'number',
  注册号: 'number',
};

const STATUS_VALUES: Readonly<Record<string, AssetStatus>> = {
  有效: 'in_force',
  审查中: 'pending',
  届满: 'expired',
  期满: 'expired',
  无效: 'invalid',
  注销: 'invalid',
  未缴年费终止: 'terminated',
  终止: 'terminated',
  放弃: 'abandoned',
  撤回: 'abandoned',
  驳回: 'abandoned',
  in_force: 'in_force',
  pending: 'pending',
  expired: 'expired',
  invalid: 'invalid',
  terminated: 'terminated',
  abandoned: 'abandoned',
};

const KIND_VALUES: Readonly<Record<string, AssetKind>> = {
  专利: 'patent',
  patent: 'patent',
  商标: 'trademark',
  trademark: 'trademark',
  版权: 'copyright',
  著作权: 'copyright',
  copyright: 'copyright',
};

const TYPE_VALUES: Readonly<Record<string, SubType>> = {
  发明: 'invention',
  invention: 'invention',
  实用新型: 'utility_model',
  utility_model: 'utility_model',
  外观设计: 'design',
  外观: 'design',
  design: 'design',
  plant: 'plant',
  商标: 'trademark',
  trademark: 'trademark',
  作品: 'work',
  work: 'work',
  软件: 'software',
  software: 'software',
};

const YEAR_MIN = 1800;
const YEAR_MAX = 2200;

// ---------------------------------------------------------------- lexer

type Token =
  | { t: 'lparen'; pos: number }
  | { t: 'rparen'; pos: number }
  | { t: 'and' | 'or' | 'not'; pos: number }
  /** `-` directly before a term */
  | { t: 'neg'; pos: number }
  /** `name:` directly before its value; `pos` is where the name starts, `valuePos` where the value starts */
  | { t: 'field'; pos: number; name: FieldName; valuePos: number }
  | { t: 'word'; pos: number; value: string }
  | { t: 'phrase'; pos: number; value: string };

/** Opening quote → the characters that close it (IMEs often type ” for both quotes of a pair). */
const CLOSERS: Readonly<Record<string, string>> = {
  '"': '"\u201D',
  '\u201C': '\u201D"',
  '\u201D': '\u201D"',
  '\u300C': '\u300D',
  '\u300E': '\u300F',
};
const OPEN_QUOTES = new Set(Object.keys(CLOSERS));

function isSpace(c: string): boolean {
  return /\s/.test(c);
}

/** Characters that end a word. */
function isBreak(c: string): boolean {
  return isSpace(c) || c === '(' || c === ')' || OPEN_QUOTES.has(c);
}

function knownFields(): string {
  return QUERY_FIELDS.join(', ');
}

function lex(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = q.length;
  const readPhrase = (start: number): Token => {
    const closers = CLOSERS[q.charAt(start)] ?? '"';
    let j = start + 1;
    let value = '';
    while (j < n) {
      const c = q.charAt(j);
      if (c === '\\' && j + 1 < n && (closers.includes(q.charAt(j + 1)) || q.charAt(j + 1) === '\\')) {
        value += q.charAt(j + 1);
        j += 2;
        continue;
      }
      if (closers.includes(c)) break;
      value += c;
      j++;
    }
    if (j >= n) throw new QueryError(`unterminated phrase: the quote at ${start} is never closed`, start);
    const trimmed = value.trim();
    if (trimmed === '') throw new QueryError('empty phrase', start);
    i = j + 1;
    return { t: 'phrase', pos: start, value: trimmed };
  };

  while (i < n) {
    const c = q.charAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ t: 'lparen', pos: i++ });
      continue;
    }
    if (c === ')') {
      out.push({ t: 'rparen', pos: i++ });
      continue;
    }
    if (OPEN_QUOTES.has(c)) {
      out.push(readPhrase(i));
      continue;
    }
    if (c === '-') {
      const next = q.charAt(i + 1);
      if (i + 1 >= n || isSpace(next) || next === ')')
        throw new QueryError("'-' must be written directly before the term it excludes", i);
      if (next === '-') throw new QueryError("'--' is not an operator; write '-' once before a term", i);
      out.push({ t: 'neg', pos: i++ });
      continue;
    }
    // a word, or a field name followed by ':'
    const start = i;
    let j = i;
    while (j < n && !isBreak(q.charAt(j))) j++;
    const raw = q.slice(start, j);
    const colon = raw.indexOf(':');
    if (colon > 0) {
      const name = raw.slice(0, colon);
      const field = FIELD_ALIASES[name.toLowerCase()] ?? FIELD_ALIASES[name];
      if (field !== undefined) {
        const valuePos = start + colon + 1;
        out.push({ t: 'field', pos: start, name: field, valuePos });
        const next = q.charAt(valuePos);
        if (valuePos >= n || isSpace(next) || next === ')')
          throw new QueryError(`empty value for field '${name}'`, valuePos);
        i = valuePos;
        continue;
      }
      if (/^[A-Za-z_]+$/.test(name))
        throw new QueryError(`unknown field '${name}'; known fields: ${knownFields()}`, start);
    }
    if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
      out.push({ t: raw.toLowerCase() as 'and' | 'or' | 'not', pos: start });
    } else {
      out.push({ t: 'word', pos: start, value: raw });
    }
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------- parser

function flatten(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  for (const c of children) {
    if (c.type === type) flat.push(...c.children);
    else flat.push(c);
  }
  return flat.length === 1 ? flat[0]! : { type, children: flat };
}

interface FieldContext {
  name: FieldName;
}

class Parser {
  private i = 0;
  constructor(
    private readonly q: string,
    private readonly tokens: Token[],
    private readonly now: Date | undefined,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  parse(): QueryNode {
    if (this.tokens.length === 0) return { type: 'all' };
    const node = this.parseOr(undefined);
    const t = this.peek();
    if (t !== undefined) {
      if (t.t === 'rparen') throw new QueryError("unbalanced parenthesis: ')' has no matching '('", t.pos);
      throw new QueryError('unexpected input', t.pos);
    }
    return node;
  }

  private parseOr(field: FieldContext | undefined): QueryNode {
    const first = this.peek();
    if (first?.t === 'or' || first?.t === 'and')
      throw new QueryError(`${first.t.toUpperCase()} needs a term before it`, first.pos);
    const parts = [this.parseAnd(field)];
    for (;;) {
      const t = this.peek();
      if (t?.t !== 'or') break;
      this.i++;
      this.expectTermAfter(t, 'OR');
      parts.push(this.parseAnd(field));
    }
    return flatten('or', parts);
  }

  private parseAnd(field: FieldContext | undefined): QueryNode {
    const parts = [this.parseUnary(field)];
    for (;;) {
      const t = this.peek();
      if (t === undefined || t.t === 'or' || t.t === 'rparen') break;
      if (t.t === 'and') {
        this.i++;
        this.expectTermAfter(t, 'AND');
      }
      parts.push(this.parseUnary(field));
    }
    return flatten('and', parts);
  }

  /** After a binary operator: a term must follow (not the end, `)`, or another binary operator). */
  private expectTermAfter(op: Token, name: string): void {
    const next = this.peek();
    if (next === undefined || next.t === 'rparen')
      throw new QueryError(`${name} needs a term after it`, op.pos);
    if (next.t === 'and' || next.t === 'or')
      throw new QueryError(
        `${next.t.toUpperCase()} cannot follow ${name}; a term is expected after ${name}`,
        next.pos,
      );
  }

  private parseUnary(field: FieldContext | undefined): QueryNode {
    const t = this.peek();
    if (t === undefined) throw new QueryError('a term is expected', this.q.length);
    if (t.t === 'not') {
      this.i++;
      const next = this.peek();
      if (next === undefined || next.t === 'rparen' || next.t === 'and' || next.t === 'or')
        throw new QueryError('NOT needs a term after it', t.pos);
      return { type: 'not', child: this.parseUnary(field) };
    }
    if (t.t === 'neg') {
      this.i++;
      return { type: 'not', child: this.parsePrimary(field) };
    }
    return this.parsePrimary(field);
  }

  private parsePrimary(field: FieldContext | undefined): QueryNode {
    const t = this.peek();
    if (t === undefined) throw new QueryError('a term is expected', this.q.length);
    switch (t.t) {
      case 'lparen': {
        this.i++;
        const next = this.peek();
        if (next === undefined) throw new QueryError("unbalanced parenthesis: '(' is never closed", t.pos);
        if (next.t === 'rparen') throw new QueryError("empty parentheses '()'", t.pos);
        const inner = this.parseOr(field);
        const close = this.peek();
        if (close?.t !== 'rparen') throw new QueryError("unbalanced parenthesis: '(' is never closed", t.pos);
        this.i++;
        return inner;
      }
      case 'rparen':
        throw new QueryError("unbalanced parenthesis: ')' has no matching '('", t.pos);
      case 'field': {
        if (field !== undefined)
          throw new QueryError(`field '${t.name}' inside the value of field '${field.name}'`, t.pos);
        this.i++;
        const next = this.peek();
        if (next === undefined || next.pos !== t.valuePos)
          throw new QueryError(`empty value for field '${t.name}'`, t.valuePos);
        if (next.t === 'lparen') return this.parsePrimary({ name: t.name });
        if (next.t === 'word' || next.t === 'phrase') {
          this.i++;
          return this.leaf(next, { name: t.name });
        }
        throw new QueryError(`the value of field '${t.name}' must be a word, a phrase or a group`, next.pos);
      }
      case 'word':
      case 'phrase':
        this.i++;
        return this.leaf(t, field);
      case 'and':
      case 'or':
        throw new QueryError(`${t.t.toUpperCase()} needs a term before it`, t.pos);
      case 'not':
      case 'neg':
        return this.parseUnary(field);
    }
  }

  private leaf(t: Token & { t: 'word' | 'phrase' }, field: FieldContext | undefined): QueryNode {
    if (field === undefined) return this.bareTerm(t);
    const pos = t.pos;
    const value = t.value;
    switch (field.name) {
      case 'title':
      case 'abstract':
      case 'applicant':
        return textNode(field.name, t);
      case 'number': {
        const r = readNumber(value, this.now);
        if (r === undefined || r.keys.length === 0)
          throw new QueryError(
            r?.reason
              ? `'${value}' is not a valid ${r.reason}`
              : `'${value}' is not an application, publication or registration number`,
            pos,
          );
        return { type: 'number', value, keys: r.keys };
      }
      case 'ipc':
        return ipcNode(value, pos);
      case 'nice': {
        const m = /^\d{1,2}$/.exec(value.trim());
        const n = m ? Number(m[0]) : NaN;
        if (!(n >= 1 && n <= 45))
          throw new QueryError(`nice: '${value}' is not a Nice class (a number from 1 to 45)`, pos);
        return { type: 'nice', value: n };
      }
      case 'street':
        return { type: 'street', value: value.trim() };
      case 'year':
        return yearNode(value, pos);
      case 'status': {
        const s = STATUS_VALUES[value.trim()] ?? STATUS_VALUES[value.trim().toLowerCase()];
        if (s === undefined)
          throw new QueryError(
            `status: '${value}' is not a status; use 有效, 审查中, 届满, 无效, 未缴年费终止, 放弃 or in_force, pending, expired, invalid, terminated, abandoned`,
            pos,
          );
        return { type: 'status', value: s };
      }
      case 'kind': {
        const k = KIND_VALUES[value.trim().toLowerCase()];
        if (k === undefined)
          throw new QueryError(
            `kind: '${value}' is not a kind; use 专利, 商标, 版权 or patent, trademark, copyright`,
            pos,
          );
        return { type: 'kind', value: k };
      }
      case 'type': {
        const k = TYPE_VALUES[value.trim().toLowerCase()];
        if (k === undefined)
          throw new QueryError(
            `type: '${value}' is not a type; use 发明, 实用新型, 外观设计, 商标, 作品, 软件 or invention, utility_model, design, trademark, work, software`,
            pos,
          );
        return { type: 'subType', value: k };
      }
    }
  }

  /** A term without a field: a number when it looks like one, else text. */
  private bareTerm(t: Token & { t: 'word' | 'phrase' }): QueryNode {
    if (t.t === 'word') {
      const r = readNumber(t.value, this.now);
      if (r !== undefined) {
        if (r.keys.length) return { type: 'number', value: t.value, keys: r.keys };
        if (r.certain) throw new QueryError(`'${t.value}' is not a valid ${r.reason ?? 'number'}`, t.pos);
      }
    }
    return textNode(null, t);
  }
}

function textNode(field: TextField | null, t: Token & { t: 'word' | 'phrase' }): QueryNode {
  if (t.t === 'phrase') return { type: 'text', field, value: t.value, phrase: true, prefix: false };
  const prefix = t.value.endsWith('*');
  const value = prefix ? t.value.replace(/\*+$/, '') : t.value;
  if (value === '') throw new QueryError("'*' needs the beginning of a word before it", t.pos);
  if (value.includes('*'))
    throw new QueryError("'*' may only end a word (a prefix search)", t.pos + value.indexOf('*'));
  return { type: 'text', field, value, phrase: false, prefix };
}

/** IPC symbol or prefix: section `G`, class `G06`, subclass `G06F`, main group `G06F17`, symbol `G06F17/30`. */
function ipcNode(raw: string, pos: number): QueryNode {
  const v = raw.replace(/\s+/g, '').toUpperCase();
  const star = v.endsWith('*');
  const body = star ? v.slice(0, -1) : v;
  const fail = (): never => {
    throw new QueryError(
      `ipc: '${raw}' is not an IPC symbol or prefix (e.g. H, H01, H01M, H01M10, H01M10/05, G06F*)`,
      pos,
    );
  };
  if (body === '' || body.includes('*')) fail();
  if (star) {
    if (!/^[A-H](?:\d{1,2}(?:(?<=\d{2})[A-Z](?:\d{1,4}(?:\/\d{0,6})?)?)?)?$/.test(body)) fail();
    return { type: 'ipc', value: body, match: 'prefix' };
  }
  if (/^[A-H](?:\d{2}(?:[A-Z])?)?$/.test(body)) return { type: 'ipc', value: body, match: 'prefix' };
  const group = /^([A-H]\d{2}[A-Z])0*(\d{1,4})\/?$/.exec(body);
  if (group) return { type: 'ipc', value: `${group[1]}${group[2]}/`, match: 'prefix' };
  const full = /^([A-H]\d{2}[A-Z])0*(\d{1,4})\/(\d{2,6})$/.exec(body);
  if (full) return { type: 'ipc', value: `${full[1]}${full[2]}/${full[3]}`, match: 'exact' };
  return fail();
}

function yearNode(raw: string, pos: number): QueryNode {
  const bad = (why: string, at = pos): never => {
    throw new QueryError(`year: '${raw}' ${why}`, at);
  };
  const year = (s: string, at: number): number => {
    if (!/^\d{4}$/.test(s)) bad('is not a year (YYYY) or a range of years (YYYY..YYYY)', at);
    const y = Number(s);
    if (y < YEAR_MIN || y > YEAR_MAX) bad(`is outside the years ${YEAR_MIN}..${YEAR_MAX}`, at);
    return y;
  };
  const dots = raw.indexOf('..');
  if (dots >= 0) {
    const a = raw.slice(0, dots);
    const b = raw.slice(dots + 2);
    if (a === '' && b === '') bad('is an empty range: give at least one bound (2019.., ..2022)');
    const from = a === '' ? null : year(a, pos);
    const to = b === '' ? null : year(b, pos + dots + 2);
    if (from !== null && to !== null && from > to) bad(`is a bad range: ${from} is after ${to}`);
    return { type: 'year', from, to };
  }
  const y = year(raw, pos);
  return { type: 'year', from: y, to: y };
}

export interface ParseOptions {
  /** "now", for the upper bound of application-number years; defaults to the current time */
  now?: Date;
}

/**
 * Parse a query. Throws {@link QueryError} (with `position`) when it does not parse. The empty query gives
 * `{ type: 'all' }`.
 */
export function parseQuery(query: string, opts: ParseOptions = {}): QueryNode {
  // full-width ASCII → half-width keeps every index (one UTF-16 unit each), so positions stay valid
  const q = toHalfWidth(query);
  const tokens = mergeNumberPrefixes(q, joinSpacedNumbers(q, lex(q), opts.now));
  return new Parser(q, tokens, opts.now).parse();
}

/** A group of a number written with spaces: an office prefix (first only), digits, digits with `.check`, a check character. */
const NUMBER_GROUP = /^(?:\d+(?:\.[\dX])?|X)$/i;
const OFFICE_PREFIX = /^(?:CN|ZL)$/i;
/** A joined CN application number: 12 or 8 digits, with a check character or an office prefix (not a bare run of digits). */
const JOINED_APP = /^(CN|ZL)?(?:\d{12}|\d{8})(\.?[\dX])?$/;
const MAX_GROUPS = 6;

/** The words of tokens[from..to] when they are written apart by white space only, else undefined. */
function spacedWords(q: string, tokens: Token[], from: number, to: number): string[] | undefined {
  const words: string[] = [];
  for (let k = from; k <= to; k++) {
    const t = tokens[k];
    if (t?.t !== 'word') return undefined;
    if (k > from) {
      const prev = tokens[k - 1] as Token & { t: 'word' };
      if (!/^\s+$/.test(q.slice(prev.pos + prev.value.length, t.pos))) return undefined;
    }
    words.push(t.value);
  }
  return words;
}

/** true when the groups, joined, are a valid CN application number written with a check character or an office prefix */
function isSpacedAppNumber(words: string[], now: Date | undefined): boolean {
  const [first, ...rest] = words;
  if (first === undefined || !(OFFICE_PREFIX.test(first) || NUMBER_GROUP.test(first))) return false;
  if (!rest.every((w) => NUMBER_GROUP.test(w))) return false;
  const joined = words.join('').toUpperCase();
  const m = JOINED_APP.exec(joined);
  if (!m || (m[1] === undefined && m[2] === undefined)) return false;
  return checkCnApplicationNumber(joined, { allowMissingCheck: true, ...(now ? { now } : {}) }).ok;
}

/**
 * `ZL 2017 1 0601862.3`, `CN 2017 1060 1862.3`, `2017 1 0601862 3`: digit groups written apart that together
 * are a valid CN application number become one word (the longest such run wins). A bare run of digits
 * without a check character or an office prefix (`2019 2022`) is left alone: its parts are words.
 */
function joinSpacedNumbers(q: string, tokens: Token[], now: Date | undefined): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const prev = tokens[k - 1];
    const isFieldValue = prev?.t === 'field' && prev.valuePos === t.pos;
    let joined: { end: number; value: string } | undefined;
    for (let end = Math.min(tokens.length - 1, k + MAX_GROUPS - 1); end > k && !isFieldValue; end--) {
      const words = spacedWords(q, tokens, k, end);
      if (words && isSpacedAppNumber(words, now)) {
        joined = { end, value: words.join('') };
        break;
      }
    }
    if (joined) {
      out.push({ t: 'word', pos: t.pos, value: joined.value });
      k = joined.end;
    } else out.push(t);
  }
  return out;
}

/** `CN 201710601862.3` / `ZL 2017…`: a lone office prefix directly before a number belongs to it. */
function mergeNumberPrefixes(q: string, tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const next = tokens[k + 1];
    if (
      t.t === 'word' &&
      /^(?:CN|ZL)$/i.test(t.value) &&
      next?.t === 'word' &&
      /^\d/.test(next.value) &&
      /^\s+$/.test(q.slice(t.pos + t.value.length, next.pos)) &&
      readNumber(`${t.value}${next.value}`)?.keys.length
    ) {
      out.push({ t: 'word', pos: t.pos, value: `${t.value}${next.value}` });
      k++;
      continue;
    }
    out.push(t);
  }
  return out;
}

/** Every positive text term of a query (not under a NOT), e.g. for ranking and highlighting. */
export function positiveTextTerms(node: QueryNode): (QueryNode & { type: 'text' })[] {
  const out: (QueryNode & { type: 'text' })[] = [];
  const walk = (n: QueryNode, negated: boolean) => {
    if (n.type === 'text') {
      if (!negated) out.push(n);
    } else if (n.type === 'and' || n.type === 'or') for (const c of n.children) walk(c, negated);
    else if (n.type === 'not') walk(n.child, !negated);
  };
  walk(node, false);
  return out;
}
