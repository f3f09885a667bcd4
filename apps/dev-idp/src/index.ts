export {
  authenticate,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  type DemoAccount,
  findAccountByEmail,
  findAccountBySub,
} from './accounts';
export {
  DEMO_CLIENTS,
  DEV_TOOL_CLIENT,
  type DemoClient,
  PORTAL_CALLBACK_PATH,
  PORTAL_CLIENT,
} from './clients';
export { type RunningDevIdp, startDevIdp } from './idp';
export { API_RESOURCE, API_SCOPE } from './provider-config';
