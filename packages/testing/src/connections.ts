/**
 * A response with every connection (`{ edges: [{ node }] }`) replaced by the list of its nodes,
 * for tests about what a list holds rather than how it pages.
 */
export function flattenConnections<T = unknown>(value: unknown): T {
  if (Array.isArray(value)) return value.map((item) => flattenConnections(item)) as T;
  if (value === null || typeof value !== 'object') return value as T;
  if ('edges' in value && Array.isArray(value.edges)) {
    return value.edges.map((edge: { node: unknown }) => flattenConnections(edge.node)) as T;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, flattenConnections(item)])) as T;
}
