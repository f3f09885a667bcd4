import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; }
  main { width: min(24rem, 92vw); padding: 2rem; border: 1px solid GrayText; border-radius: 0.75rem; }
  h1 { margin: 0 0 1.25rem; font-size: 1.4rem; }
  label { display: block; margin: 1rem 0 0.35rem; font-weight: 600; }
  input { box-sizing: border-box; width: 100%; padding: 0.55rem; font: inherit; }
  button { margin-top: 1.5rem; width: 100%; padding: 0.65rem; font: inherit; font-weight: 600; cursor: pointer; }
  [role="alert"] { margin: 0 0 1rem; padding: 0.6rem 0.75rem; border-radius: 0.4rem;
    background: #fde8e8; color: #8a1111; }
  aside { margin-top: 1.75rem; font-size: 0.875rem; }
  aside ul { padding-left: 1.2rem; }
  code { font-size: 0.85rem; }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface LoginFormOptions {
  uid: string;
  clientName?: string;
  email?: string;
  error?: string;
}

/** The dev IdP's sign-in form. Everything echoed back is escaped. */
export function loginPage({ uid, clientName, email, error }: LoginFormOptions): string {
  const accounts = DEMO_ACCOUNTS.map(
    (a) => `<li><code>${escapeHtml(a.email)}</code> (${escapeHtml(a.summary)})</li>`,
  ).join('\n');
  const alert = error ? `<p role="alert" id="login-error">${escapeHtml(error)}</p>` : '';
  const describedBy = error ? ' aria-describedby="login-error"' : '';
  const invalid = error ? ' aria-invalid="true"' : '';
  return page(
    'Sign in to Cairn',
    `<h1>Sign in to Cairn</h1>
${clientName ? `<p>to continue to ${escapeHtml(clientName)}</p>` : ''}
${alert}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required autofocus
    value="${escapeHtml(email ?? '')}"${describedBy}${invalid}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}${invalid}>
  <button type="submit">Sign in</button>
</form>
<aside aria-label="Demo accounts">
  <p>This is the <strong>development</strong> identity provider. Demo accounts, all with the password
  <code>${escapeHtml(DEMO_PASSWORD)}</code>:</p>
  <ul>
${accounts}
  </ul>
</aside>`,
  );
}

/** A short page for requests that cannot continue (expired or unknown interaction). */
export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/**
 * The end-session confirmation. `form` is oidc-provider's hidden form (`id="op.logoutForm"`,
 * with its xsrf token); the buttons submit it from outside.
 */
export function logoutPage(form: string): string {
  return page(
    'Sign out of Cairn',
    `<h1>Sign out of Cairn?</h1>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
  );
}

export function signedOutPage(clientName?: string): string {
  const from = clientName ? ` from ${escapeHtml(clientName)}` : '';
  return page('Signed out', `<h1>Signed out</h1>\n<p>You have signed out${from}.</p>`);
}
