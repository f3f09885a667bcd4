import {
  buildClientSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  type IntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/**
 * Builds a corpus of malformed arguments for every query and mutation of a schema: for each
 * argument (and each field of an input object argument), values of the wrong shape, out of
 * range, oversized, or null where null is not allowed, with every other argument valid.
 */
export interface MalformedCase {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

const SOME_UUID = '7b2e4c1e-4a0e-4b7c-9d43-2f4b8c6a1e90';

function validValue(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return validValue(type.ofType, depth);
  if (isListType(type)) return [validValue(type.ofType, depth)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    if (depth > 3) return {};
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, validValue(f.type, depth + 1)]),
    );
  }
  switch (named.name) {
    case 'ID':
      return SOME_UUID;
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'JSONObject':
      return { a: 1 };
    case 'DateTimeISO':
    case 'DateTime':
      return '2026-01-01T00:00:00.000Z';
    default:
      return 'valid-value';
  }
}

function malformedValues(type: GraphQLInputType): [string, unknown][] {
  const values: [string, unknown][] = [];
  if (isNonNullType(type)) values.push(['null for non-null', null]);
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    values.push(['object for list', { a: 1 }], ['list of wrong items', [{ nested: [1] }]]);
    values.push(['huge list', Array.from({ length: 5000 }, () => validValue(nullable.ofType))]);
    return values;
  }
  const named = getNamedType(type) as GraphQLNamedType;
  if (isEnumType(named)) return [...values, ['unknown enum', 'NOT_A_VALUE'], ['number for enum', 3]];
  if (isInputObjectType(named)) {
    return [
      ...values,
      ['string for object', 'not-an-object'],
      ['list for object', [1, 2]],
      ['unknown field', { ...(validValue(type) as object), notAField: true }],
      ['empty object', {}],
    ];
  }
  if (isScalarType(named)) {
    values.push(['object for scalar', { a: 1 }], ['list for scalar', ['x']]);
    switch (named.name) {
      case 'Int':
        values.push(
          ['string for Int', 'ten'],
          ['fraction', 1.5],
          ['negative', -1],
          ['too large', 2 ** 40],
          ['zero', 0],
        );
        break;
      case 'Float':
        values.push(['string for Float', 'NaN'], ['huge', 1e308]);
        break;
      case 'Boolean':
        values.push(['string for Boolean', 'yes']);
        break;
      case 'JSONObject':
        values.push(
          ['string for JSONObject', 'text'],
          ['array for JSONObject', [1]],
          ['number for JSONObject', 1],
          ['NUL in JSON', { a: '\u0000' }],
        );
        values.push(['deep JSON', JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`)]);
        break;
      default:
        values.push(
          ['number for string', 42],
          ['empty string', ''],
          ['NUL character', 'a\u0000b'],
          ['control characters', '\u0007\u001b[31m'],
          ['100 KB string', 'x'.repeat(100_000)],
          ['SQL-looking text', "'; DROP TABLE registry.model; --"],
          ['not a uuid', 'not-a-uuid'],
          ['uppercase uuid', SOME_UUID.toUpperCase()],
          ['unicode', 'modèle-😀'],
        );
    }
  }
  return values;
}

function typeString(type: GraphQLInputType): string {
  return type.toString();
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  return isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const declarations = field.args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const passing = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind} Corpus${declarations ? `(${declarations})` : ''} { ${field.name}${passing ? `(${passing})` : ''} ${selectionFor(field)} }`;
}

function validArgs(args: readonly GraphQLArgument[]): Record<string, unknown> {
  return Object.fromEntries(args.map((a) => [a.name, validValue(a.type)]));
}

export function malformedArgumentCorpus(introspection: IntrospectionQuery): MalformedCase[] {
  const schema = buildClientSchema(introspection);
  const cases: MalformedCase[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.name.startsWith('_')) continue;
      const query = operationFor(kind, field);
      const base = validArgs(field.args);
      for (const arg of field.args) {
        for (const [label, value] of malformedValues(arg.type)) {
          cases.push({
            name: `${field.name}(${arg.name}: ${label})`,
            query,
            variables: { ...base, [arg.name]: value },
          });
        }
        const named = getNamedType(arg.type);
        if (!isInputObjectType(named)) continue;
        for (const inner of Object.values(named.getFields())) {
          for (const [label, value] of malformedValues(inner.type)) {
            const input = { ...(base[arg.name] as object), [inner.name]: value };
            cases.push({
              name: `${field.name}(${arg.name}.${inner.name}: ${label})`,
              query,
              variables: { ...base, [arg.name]: isListType(getNullableType(arg.type)) ? [input] : input },
            });
          }
        }
      }
      cases.push({ name: `${field.name}(all valid)`, query, variables: base });
      cases.push({ name: `${field.name}(variables not an object)`, query, variables: 'oops' as never });
    }
  }
  return cases;
}

export const INTROSPECTION_QUERY = getIntrospectionQuery();
