import type { DataSource } from 'typeorm';

/**
 * Why the role a service connects as is too powerful, if it is: a superuser or a role that can
 * bypass row security ignores every grant, and an owner (of the schema or of a table in it, or
 * a member of such an owner) can disable the triggers that keep records from being rewritten.
 * Services should connect as a login that is a member of `cairn_service` and owns nothing.
 */
export async function serviceRoleProblems(dataSource: DataSource, schema: string): Promise<string[]> {
  const [row]: { role: string; superuser: boolean; bypassrls: boolean; owns: string[] }[] =
    await dataSource.query(
      `/* inspectServiceRole */
      SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
        ARRAY(
          SELECT format('schema %I', n.nspname) FROM pg_namespace n
           WHERE n.nspname = $1 AND pg_has_role(current_user, n.nspowner, 'MEMBER')
          UNION ALL
          SELECT format('table %I.%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
             AND pg_has_role(current_user, c.relowner, 'MEMBER')
          ORDER BY 1
        ) AS owns
      FROM pg_roles r WHERE r.rolname = current_user`,
      [schema],
    );
  if (!row) return [];
  const problems: string[] = [];
  if (row.superuser) problems.push(`role ${row.role} is a superuser`);
  if (row.bypassrls) problems.push(`role ${row.role} bypasses row-level security`);
  // A superuser "owns" everything through membership; saying so again adds nothing.
  if (!row.superuser && row.owns.length > 0) {
    const shown = row.owns.slice(0, 5).join(', ');
    const more = row.owns.length > 5 ? ` and ${row.owns.length - 5} more` : '';
    problems.push(`role ${row.role} owns (or is a member of the owner of) ${shown}${more}`);
  }
  return problems;
}
