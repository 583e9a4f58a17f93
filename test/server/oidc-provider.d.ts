// The few parts of oidc-provider (a dev dependency without bundled types) that the SSO test uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';
  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>> | Record<string, unknown>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined> | Account | undefined });
    listen(port: number, host: string, cb?: () => void): Server;
  }
}
