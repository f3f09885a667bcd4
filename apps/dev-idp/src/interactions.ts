import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Logger } from 'pino';
import { authenticate } from './accounts';
import { loginPage, messagePage } from './login-page';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;
const MAX_FORM_BYTES = 16 * 1024;
const LOGIN_FAILED = 'Email or password is incorrect.';

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The dev IdP's own interaction routes: a login form that checks the demo accounts, and
 * automatic consent, since every seeded client is first-party.
 */
export function interactionRoutes(provider: Provider, logger: Logger) {
  async function clientName(details: Interaction): Promise<string | undefined> {
    const client = await provider.Client.find(String(details.params.client_id));
    return client?.clientName ?? client?.clientId;
  }

  /** Records a grant for everything the client asked for, then resumes the authorization. */
  async function grantConsent(req: IncomingMessage, res: ServerResponse, details: Interaction) {
    const accountId = details.session?.accountId;
    if (!accountId) throw new errors.AccessDenied('no signed-in account');
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (!grant) throw new errors.AccessDenied('grant not found');
    const missing = details.prompt.details as ConsentDetails;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function show(req: IncomingMessage, res: ServerResponse, details: Interaction) {
    if (details.prompt.name === 'consent') return grantConsent(req, res, details);
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
    send(res, 200, loginPage({ uid: details.uid, clientName: await clientName(details), email: hint }));
  }

  async function login(req: IncomingMessage, res: ServerResponse, details: Interaction) {
    if (details.prompt.name !== 'login') {
      send(res, 400, messagePage('Sign-in not expected', 'Start again from the application.'));
      return;
    }
    const form = await readForm(req);
    const email = form.get('email') ?? '';
    const account = authenticate(email, form.get('password') ?? '');
    if (!account) {
      logger.info({ email }, 'dev-idp sign-in refused');
      const page = loginPage({
        uid: details.uid,
        clientName: await clientName(details),
        email,
        error: LOGIN_FAILED,
      });
      send(res, 401, page);
      return;
    }
    logger.info({ sub: account.sub }, 'dev-idp sign-in');
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub } },
      { mergeWithLastSubmission: false },
    );
  }

  /** Handles the request when it is an interaction route; returns false otherwise. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const match = INTERACTION_PATH.exec(new URL(req.url ?? '/', 'http://idp.invalid').pathname);
    if (!match) return false;
    const [, uid, loginSuffix] = match;
    const method = loginSuffix ? 'POST' : 'GET';
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      res.writeHead(405, { allow: method }).end();
      return true;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
      await (loginSuffix ? login(req, res, details) : show(req, res, details));
    } catch (error) {
      if (res.headersSent) throw error;
      if (error instanceof errors.SessionNotFound || error instanceof errors.AccessDenied) {
        send(res, 400, messagePage('Sign-in expired', 'This sign-in request has expired. Start again.'));
      } else {
        logger.error({ err: error }, 'dev-idp interaction failed');
        send(res, 500, messagePage('Something went wrong', 'The sign-in could not be completed.'));
      }
    }
    return true;
  };
}
