import pg from 'pg';

/** A login the services connect as: a member of `cairn_service`, owning nothing. */
export interface ServiceLogin {
  user: string;
  password: string;
}

/** For `npm start`, tests, the bench and e2e only: never use it on a shared server. */
export const DEV_SERVICE_LOGIN: ServiceLogin = { user: 'cairn_app', password: 'cairn-app-dev-password' };

/** The group role the migrations grant to; each migration creates it too when it may. */
export const SERVICE_ROLE = 'cairn_service';

function roleName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing unusual role name ${name}`);
  return name;
}

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Creates `cairn_service` (NOLOGIN) and the login, when missing, sets the login's password and
 * makes it a member. Roles are cluster-wide and test runs or starts may race on a fresh cluster,
 * so a role created meanwhile by someone else counts as created. Run it as an administrator.
 */
export async function ensureServiceLogin(adminUrl: string, login: ServiceLogin = DEV_SERVICE_LOGIN) {
  const user = roleName(login.user);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`/* ensureServiceLogin */ DO $$
      BEGIN
        BEGIN
          CREATE ROLE ${SERVICE_ROLE} NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
        BEGIN
          CREATE ROLE ${user} LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
        ALTER ROLE ${user} LOGIN PASSWORD ${literal(login.password)};
        IF NOT pg_has_role('${user}', '${SERVICE_ROLE}', 'MEMBER') THEN
          BEGIN
            GRANT ${SERVICE_ROLE} TO ${user};
          EXCEPTION WHEN unique_violation THEN NULL;
          END;
        END IF;
      END $$`);
  } finally {
    await client.end();
  }
}

/** The same server and database as `url`, logged in as `login`. */
export function asLogin(url: string, login: ServiceLogin = DEV_SERVICE_LOGIN): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(login.user);
  parsed.password = encodeURIComponent(login.password);
  return parsed.toString();
}
