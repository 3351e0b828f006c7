import { Type } from 'typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 1000 }),
  sort: Type.Optional(Type.String()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  facets: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
});

export const ExportQuery = Type.Object({
  q: Type.String({ maxLength: 1000 }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  sort: Type.Optional(Type.String()),
});

export const SuggestQuery = Type.Object({
  field: Type.Union([Type.Literal('applicant'), Type.Literal('ipc')]),
  prefix: Type.String({ minLength: 1, maxLength: 100 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});

export const SavedSearchBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    query: Type.String({ maxLength: 1000 }),
    subscribed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SavedSearchPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    query: Type.Optional(Type.String({ maxLength: 1000 })),
    subscribed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
