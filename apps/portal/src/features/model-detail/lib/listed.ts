/** A list as the page shows it: the first page of a connection, and how many there are in all. */
export interface Listed<T> {
  items: T[];
  totalCount: number;
}

/** A connection as the API answers it. */
export interface ConnectionPage<T> {
  totalCount: number;
  edges: { node: T }[];
}

/** The page's view of a connection: its nodes, and how many there are in all. */
export function listed<T, U = T>(
  connection: ConnectionPage<T>,
  map: (node: T) => U = (node) => node as unknown as U,
): Listed<U> {
  return { items: connection.edges.map((edge) => map(edge.node)), totalCount: connection.totalCount };
}
