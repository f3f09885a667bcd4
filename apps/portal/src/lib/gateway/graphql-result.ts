/** A GraphQL error as the gateway sends it; `extensions.code` is the stable error code. */
export interface GraphQLErrorShape {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export function hasErrorCode(result: GraphQLResult<unknown>, code: string): boolean {
  return result.errors?.some((e) => e.extensions?.code === code) ?? false;
}

/** A failure the page cannot render around; its message is safe to show. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}
