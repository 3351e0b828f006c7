import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const PageQuery = {
  sort: Type.Optional(Type.String({ description: 'field name, prefix - for descending' })),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

export const EntityQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.String()),
  streetCode: Type.Optional(Type.String()),
  industry: Type.Optional(Type.String()),
  flag: Type.Optional(Type.String()),
  ...PageQuery,
});

export const EntityBody = Type.Object(
  {
    uscc: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    formerNames: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
    kind: Type.String(),
    industry: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    streetCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    flags: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
    contactName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const EntityPatch = Type.Partial(EntityBody, { additionalProperties: false });

export const VersionHeader = Type.Object({ 'if-match': Type.Optional(Type.String()) });

export const AssetQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(
    Type.Union([Type.Literal('patent'), Type.Literal('trademark'), Type.Literal('copyright')]),
  ),
  subType: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  office: Type.Optional(Type.String({ maxLength: 2 })),
  entityId: Type.Optional(Type.Integer({ minimum: 1 })),
  streetCode: Type.Optional(Type.String()),
  filingFrom: Type.Optional(DateStr),
  filingTo: Type.Optional(DateStr),
  ...PageQuery,
});

/** The canonical record (schemas/canonical-record.schema.json) as accepted for hand entry. */
export const AssetBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('patent'), Type.Literal('trademark'), Type.Literal('copyright')]),
    office: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    patentType: Type.Optional(
      Type.Union([Type.Literal('invention'), Type.Literal('utility_model'), Type.Literal('design')]),
    ),
    copyrightType: Type.Optional(Type.Union([Type.Literal('work'), Type.Literal('software')])),
    applicationNumber: Type.Optional(Type.String({ maxLength: 40 })),
    registrationNumber: Type.Optional(Type.String({ maxLength: 40 })),
    publicationNumber: Type.Optional(Type.String({ maxLength: 40 })),
    filingDate: Type.Optional(DateStr),
    publicationDate: Type.Optional(DateStr),
    grantDate: Type.Optional(DateStr),
    registrationDate: Type.Optional(DateStr),
    // 专利权期限补偿: the domain rule (lifecycle/term.ts) gives the field-level reason for bad values
    termCompensationDays: Type.Optional(Type.Number()),
    termCompensationKind: Type.Optional(Type.String({ maxLength: 40 })),
    title: Type.Optional(Type.String({ maxLength: 500 })),
    abstract: Type.Optional(Type.String({ maxLength: 20000 })),
    ipc: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 100 })),
    niceClasses: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 45 }), { maxItems: 45 })),
    goodsServices: Type.Optional(Type.String({ maxLength: 20000 })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    applicants: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          uscc: Type.Optional(Type.String({ maxLength: 40 })),
          share: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    events: Type.Optional(
      Type.Array(
        Type.Object(
          {
            code: Type.String({ maxLength: 16 }),
            date: DateStr,
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
    confidential: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UnmatchedQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const ResolveBody = Type.Object(
  { nameNorm: Type.String({ minLength: 1, maxLength: 200 }), entityId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
