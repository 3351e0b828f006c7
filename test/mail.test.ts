import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createMailer, MailNotConfiguredError } from '../src/mail/mailer.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

let sink: SmtpSink;
before(async () => {
  sink = await startSmtpSink();
});
after(() => sink.close());

test('the mailer delivers Chinese text to the SMTP server it is configured with', async () => {
  const mailer = createMailer(sink.url, 'zhihui@xuhui.test');
  await mailer.send({
    to: ['a@ent.test'],
    subject: '年费提醒：专利 ZL201710601862.3',
    text: '应缴年费 900 元',
  });
  mailer.close();
  assert.equal(sink.messages.length, 1);
  assert.deepEqual(sink.messages[0]?.to, ['a@ent.test']);
  assert.equal(sink.messages[0]?.from, 'zhihui@xuhui.test');
  assert.equal(sink.messages[0]?.subject, '年费提醒：专利 ZL201710601862.3');
  assert.equal(sink.messages[0]?.text.trim(), '应缴年费 900 元');
});

test('without ZHIHUI_SMTP_URL the mailer is disabled and refuses to send', async () => {
  const mailer = createMailer('', 'x@y.test');
  assert.equal(mailer.enabled, false);
  await assert.rejects(mailer.send({ to: ['a@b.test'], subject: 's', text: 't' }), MailNotConfiguredError);
});
