/**
 * One entry point for every identifier checker, used by `zhihui check <kind> <value>` and the API.
 */
import type { Checked } from '../errors.ts';
import { checkCnApplicationNumber } from './cn-appno.ts';
import { checkCnPublicationNumber } from './cn-pubno.ts';
import { checkCopyrightRegNumber } from './cr-regno.ts';
import { checkTrademarkRegNumber } from './tm-regno.ts';
import { checkRegistrationNo15, checkUscc } from './uscc.ts';

export type IdentifierKind = 'uscc' | 'regno15' | 'cn-appno' | 'cn-pubno' | 'tm-regno' | 'cr-regno';

export const IDENTIFIER_KINDS: readonly IdentifierKind[] = [
  'uscc',
  'regno15',
  'cn-appno',
  'cn-pubno',
  'tm-regno',
  'cr-regno',
];

/** Narrows a string from the command line or a request to an {@link IdentifierKind}. */
export function isIdentifierKind(kind: string): kind is IdentifierKind {
  return (IDENTIFIER_KINDS as readonly string[]).includes(kind);
}

export interface CheckIdentifierOptions {
  /** cn-appno only: accept a number without its check character (the computed one is filled in). */
  allowMissingCheck?: boolean;
  /** "Now" for year bounds (cn-appno, cr-regno); defaults to the current time. */
  now?: Date;
}

/**
 * Checks `value` as an identifier of `kind`. An unknown kind (possible when called from untyped input)
 * gives `ok: false` with a reason listing the kinds.
 */
export function checkIdentifier(
  kind: IdentifierKind,
  value: string,
  opts: CheckIdentifierOptions = {},
): Checked<Record<string, unknown>> {
  switch (kind) {
    case 'uscc':
      return checkUscc(value);
    case 'regno15':
      return checkRegistrationNo15(value);
    case 'cn-appno':
      return checkCnApplicationNumber(value, opts);
    case 'cn-pubno':
      return checkCnPublicationNumber(value);
    case 'tm-regno':
      return checkTrademarkRegNumber(value);
    case 'cr-regno':
      return checkCopyrightRegNumber(value, opts);
    default: {
      const unknown: never = kind;
      return {
        ok: false,
        reason: `'${String(unknown)}' is not an identifier kind: expected one of ${IDENTIFIER_KINDS.join(', ')}`,
      };
    }
  }
}
