import nodemailer, { type Transporter } from 'nodemailer';

/** One e-mail as the platform sends it: plain text always, HTML optionally. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/**
 * Outgoing mail. Configured by `ZHIHUI_SMTP_URL` (e.g. `smtp://user:pass@mail.example:587`) and
 * `ZHIHUI_MAIL_FROM`; without a URL the mailer is disabled and `send` refuses, so callers record
 * the e-mail channel as not delivered instead of pretending it went out.
 */
export interface Mailer {
  readonly enabled: boolean;
  readonly from: string;
  send(msg: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super('e-mail is not configured (set ZHIHUI_SMTP_URL)');
    this.name = 'MailNotConfiguredError';
  }
}

export function createMailer(
  url: string | undefined = process.env.ZHIHUI_SMTP_URL,
  from: string = process.env.ZHIHUI_MAIL_FROM ?? 'zhihui@localhost',
): Mailer {
  if (!url)
    return {
      enabled: false,
      from,
      send: () => Promise.reject(new MailNotConfiguredError()),
      close: () => undefined,
    };
  const transport: Transporter = nodemailer.createTransport(url);
  return {
    enabled: true,
    from,
    async send(msg) {
      if (msg.to.length === 0) throw new Error('an e-mail needs at least one recipient');
      const info = await transport.sendMail({
        from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
      });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
