/**
 * Text normalisation for matching: applicant names to entities, and the character-width step every
 * identifier checker in `domain/ids/` applies before parsing.
 *
 * Pure functions, no I/O, no locale dependence: the same input gives the same output on every machine.
 */

/**
 * Maps the full-width forms of printable ASCII (U+FF01–U+FF5E, e.g. `２０１７`, `ＣＮ`, `．`, `－`) to ASCII
 * and the ideographic space U+3000 to an ASCII space. Nothing else changes: unlike NFKC it does not turn
 * `①` into `1` or `ﬁ` into `fi`, so an identifier checker never accepts a character the user did not type
 * as a (wide) digit or letter.
 */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Opening brackets unified to `(` (after NFKC, so `（` and `［` have already become `(` and `[`). */
const OPEN_BRACKETS = /[[【〔〖]/g;
/** Closing brackets unified to `)`. */
const CLOSE_BRACKETS = /[\]】〕〗]/g;
/** Whitespace of every kind (`\s` covers U+3000, U+00A0, U+FEFF) plus zero-width space/joiners and U+2060. */
const WHITESPACE = /[\s\u200B-\u200D\u2060]/gu;
/** Punctuation removed from the end of a name: ASCII and CJK full stops, commas, colons, middle dots. */
const TRAILING_PUNCTUATION = /[.,;:!?。，、；：！？·・]+$/u;

/**
 * Normalises an organisation or person name for equality matching (applicant → entity). Steps, in order:
 *
 * 1. Unicode NFKC: full-width letters, digits and brackets become ASCII (`（` → `(`, `Ａ` → `A`),
 *    U+3000 becomes a space, CJK compatibility ideographs become their unified forms.
 * 2. Remove all whitespace (see {@link WHITESPACE}), including inside the name: `上海 某某` → `上海某某`.
 * 3. Unify brackets: `( [ 【 〔 〖` → `(` and `) ] 】 〕 〗` → `)`.
 * 4. Uppercase with `String.prototype.toUpperCase` (locale-independent; affects Latin and other cased
 *    scripts only, never Chinese characters).
 * 5. Remove trailing punctuation (`.`, `,`, `;`, `:`, `!`, `?`, `。`, `、`, `·`, …): `Apple Inc.` → `APPLEINC`.
 *    Punctuation inside the name is kept (`CO.,LTD`).
 *
 * The result is a matching key, not a display form; store the name as written next to it.
 * The function is idempotent: `normalizeEntityName(normalizeEntityName(x)) === normalizeEntityName(x)`.
 */
export function normalizeEntityName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(WHITESPACE, '')
    .replace(OPEN_BRACKETS, '(')
    .replace(CLOSE_BRACKETS, ')')
    .toUpperCase()
    .replace(TRAILING_PUNCTUATION, '');
}
