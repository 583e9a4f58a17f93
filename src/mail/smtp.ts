// The mail adapter: notify()'s Mailer over SMTP with nodemailer (one pooled connection, timeouts; never logs credentials).
import nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from '../app/notify.js';
import type { MailConfig } from '../config.js';

export interface SmtpMailer extends Mailer {
  /** Check the connection and the login (at start, to fail early); throws with the server's answer. */
  verify(): Promise<void>;
  close(): void;
  /** host:port and the user name, never the password: for the start-up line. */
  readonly description: string;
}

export interface SmtpOptions {
  /** Test servers on loopback use a self-signed certificate; production keeps this false. */
  allowSelfSigned?: boolean;
}

export function createSmtpMailer(cfg: MailConfig, opts: SmtpOptions = {}): SmtpMailer {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    ...(cfg.user !== undefined ? { auth: { user: cfg.user, pass: cfg.pass ?? '' } } : {}),
    pool: true,
    maxConnections: 1,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
    ...(opts.allowSelfSigned === true ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return {
    description: `smtp${cfg.secure ? 's' : ''}://${cfg.user !== undefined ? `${cfg.user}@` : ''}${cfg.host}:${cfg.port}`,
    async send(mail: OutgoingMail) {
      const info = await transport.sendMail({ from: cfg.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId, headers: mail.headers ?? {} });
      return { messageId: String(info.messageId ?? mail.messageId) };
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
