import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process on 127.0.0.1: it keeps what arrives, parsed (subjects
 * and bodies decoded), and can refuse the next messages with a given reply code.
 */
export interface TestSmtp {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Refuse the next `count` messages with this code (451: try later; 550: never). */
  refuseNext(count: number, code: number, message?: string): void;
  /** Runs when a message has arrived whole, before the server answers it. */
  beforeAnswer: ((mail: ParsedMail) => void | Promise<void>) | null;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let refusals: { count: number; code: number; message: string } | null = null;
  const smtp: TestSmtp = {
    url: '',
    port: 0,
    received,
    refuseNext(count, code, message = code >= 500 ? 'Mailbox unavailable' : 'Try again later') {
      refusals = { count, code, message };
    },
    beforeAnswer: null,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          if (refusals && refusals.count > 0) {
            refusals.count--;
            const err = Object.assign(new Error(refusals.message), { responseCode: refusals.code });
            return callback(err);
          }
          const mail = await simpleParser(Buffer.concat(chunks));
          received.push(mail);
          await smtp.beforeAnswer?.(mail);
          callback(null, 'Message queued as ' + received.length);
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  smtp.port = typeof address === 'object' && address ? address.port : 0;
  smtp.url = `smtp://127.0.0.1:${smtp.port}`;
  smtp.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return smtp;
}
