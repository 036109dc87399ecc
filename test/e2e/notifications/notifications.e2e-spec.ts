import request from 'supertest';
import { NotificationMailer } from '../../../src/notifications/notification-mailer';
import { Submission } from '../../../src/outbox/submission.entity';
import { METALS, MICRO, POTENCY, ResultSetFactory } from '../../support/factories/result-set.factory';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher';
import { ADMIN_TOKEN, TEST_PASSWORD, bearer, startTestApp, type TestApp } from '../../support/test-app';
import { signIn } from '../web/web-client';
import { reviewAs } from '../workflow/review-requests';

const HOUR = 3600 * 1000;

interface Listed {
  counts: Record<string, number>;
  total: number;
  items: Array<{ key: string; kind: string; title: string; detail: string; href: string; at: string }>;
}

describe('notifications: the bell, /notifications, GET /api/notifications and one e-mail per event', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let miaToken: string;
  let techToken: string;
  let approved: string;
  let waiting: string;

  const list = async (token = miaToken): Promise<Listed> =>
    (await request(t.http).get('/api/notifications').set(bearer(token)).expect(200)).body as Listed;

  const setSubmission = (resultSetId: string, changes: Partial<Submission>) =>
    t.orm.em.fork().nativeUpdate(Submission, { resultSet: resultSetId }, { ...changes, updatedAt: new Date() });

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Hudson Lab LIMS <lims@hudson-lab.example>',
      // The tests run the polls themselves.
      NOTIFY_EMAIL_INTERVAL_SECONDS: '3600',
    });
    techToken = await t.userToken('tara.tech', 'technician');
    const created = await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      // A password, so she can sign the approval below.
      .send({
        username: 'mia.manager',
        fullName: 'Mia Manager',
        role: 'manager',
        email: 'Mia.Manager@Hudson-Lab.example',
        password: TEST_PASSWORD,
      })
      .expect(201);
    expect(created.body.email).toBe('mia.manager@hudson-lab.example');
    miaToken = created.body.token;
    await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'ann.admin', fullName: 'Ann Admin', role: 'admin', email: 'ann@hudson-lab.example' })
      .expect(201);
    // A technician's address never receives managers' notifications.
    await request(t.http)
      .post('/api/users')
      .set(bearer(ADMIN_TOKEN))
      .send({ username: 'tom.tech', fullName: 'Tom Tech', role: 'technician', email: 'tom@hudson-lab.example' })
      .expect(201);
    const tech = reviewAs(t, techToken);
    const mia = reviewAs(t, miaToken);
    for (const labSampleId of ['2502RLI0135-0001', '2502RLI0135-0002']) {
      const built = await ResultSetFactory.for(t)
        .by('tara.tech')
        .sample({ labSampleId, uid: labSampleId.endsWith('1') ? '1234567890120001' : '1234567890120002' })
        .from(POTENCY)
        .from(METALS)
        .from(MICRO)
        .complete()
        .build();
      await tech.submit(built.resultSetId).expect(200);
      if (labSampleId.endsWith('1')) approved = built.resultSetId;
      else waiting = built.resultSetId;
    }
    await mia.approve(approved).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lists a set waiting for review, and a fresh submission is no notification', async () => {
    const body = await list();
    expect(body.counts).toEqual({ submission_needs_action: 0, submission_late: 0, submission_near_late: 0, review_waiting: 1 });
    expect(body.items).toEqual([
      expect.objectContaining({
        kind: 'review_waiting',
        title: 'Waiting for review: 2502RLI0135-0002',
        href: `/review/${waiting}`,
        detail: 'Sent for review by tara.tech.',
      }),
    ]);
  });

  it('is for managers and admins only', async () => {
    await request(t.http).get('/api/notifications').set(bearer(techToken)).expect(403);
    await request(t.http).get('/api/notifications').expect(401);
    await list(ADMIN_TOKEN);
  });

  it('lists a submission the outbox gave up on as needing action with what to do, near-late and late against the 48-hour clock', async () => {
    await setSubmission(approved, { deadlineAt: new Date(Date.now() + 2 * HOUR) });
    let body = await list();
    expect(body.counts).toMatchObject({ submission_near_late: 1, submission_late: 0, submission_needs_action: 0 });
    expect(body.items.find((n) => n.kind === 'submission_near_late')).toMatchObject({
      title: 'Near late: 2502RLI0135-0001 (1234567890120001)',
      href: '/submissions?deadline=near',
    });

    await setSubmission(approved, {
      status: 'dead',
      lastError: 'BioTrack NY refused: unknown barcode',
      deadlineAt: new Date(Date.now() - HOUR),
    });
    body = await list();
    expect(body.counts).toEqual({ submission_needs_action: 1, submission_late: 1, submission_near_late: 0, review_waiting: 1 });
    expect(body.total).toBe(3);
    const needs = body.items.find((n) => n.kind === 'submission_needs_action')!;
    expect(needs).toMatchObject({ title: 'Needs action: 2502RLI0135-0001 (1234567890120001)', href: '/submissions?status=dead' });
    expect(needs.detail).toContain('Status dead: the state system kept refusing it');
    expect(needs.detail).toContain('Last error: BioTrack NY refused: unknown barcode');
    expect(body.items.map((n) => n.kind)).toEqual(['submission_needs_action', 'submission_late', 'review_waiting']);
    // The outbox's filters combine: a dead late row is not "waiting to retry" and late (the dashboard listed it per status).
    const retryLate = await request(t.http).get('/api/submissions?status=retry&deadline=late').set(bearer(miaToken)).expect(200);
    expect(retryLate.body.submissions).toEqual([]);
    const deadLate = await request(t.http).get('/api/submissions?status=dead&deadline=late').set(bearer(miaToken)).expect(200);
    expect(deadLate.body.submissions).toHaveLength(1);
  });

  it("shows the bell with the count on a manager's pages, the list at /notifications, and no bell for a technician", async () => {
    const mia = await signIn(t.http, miaToken);
    for (const path of ['/dashboard', '/samples', '/review']) {
      const page = await mia.get(path).expect(200);
      const bell = /<details class="bell bell-urgent" data-testid="bell">([\s\S]*?)<\/details>/.exec(page.text);
      expect(bell).not.toBeNull();
      expect(bell![1]).toContain('<span class="bell-count">3</span>');
      expect(bell![1]).toContain('Needs action: 2502RLI0135-0001');
      expect(bell![1]).toContain('href="/notifications"');
    }
    const page = await mia.get('/notifications').expect(200);
    expect(page.text).toContain('3 items need action.');
    expect(page.text).toMatch(/Submissions needing action <span class="count">\(1\)<\/span>/);
    expect(page.text).toContain('Last error: BioTrack NY refused: unknown barcode');
    // Times in the lab's zone, UTC in the tooltip.
    expect(page.text).toMatch(
      /<time datetime="[^"]+Z" title="\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC">\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T<\/time>/,
    );

    const tara = await signIn(t.http, techToken);
    const techPage = await tara.get('/dashboard').expect(200);
    expect(techPage.text).not.toContain('data-testid="bell"');
    await tara.get('/notifications').expect(403);
  });

  it('e-mails each event once to the active managers and admins with an address, never on the next poll', async () => {
    const mailer = t.app.get(NotificationMailer);
    const first = await mailer.runOnce();
    expect(first).toMatchObject({ sent: 3, failed: 0, recipients: 2 });
    expect(smtp.mails).toHaveLength(3);
    for (const mail of smtp.mails) {
      expect(mail.from).toBe('lims@hudson-lab.example');
      expect(mail.to.sort()).toEqual(['ann@hudson-lab.example', 'mia.manager@hudson-lab.example']);
    }
    expect(smtp.mails.map((m) => m.subject).sort()).toEqual([
      '[LIMS] Late: 2502RLI0135-0001 (1234567890120001)',
      '[LIMS] Needs action: 2502RLI0135-0001 (1234567890120001)',
      '[LIMS] Waiting for review: 2502RLI0135-0002',
    ]);
    const needs = smtp.mails.find((m) => m.subject.includes('Needs action'))!;
    expect(needs.text).toContain('Open: http://localhost:3000/submissions?status=dead');
    expect(needs.text).toContain('Last error: BioTrack NY refused: unknown barcode');
    expect(needs.text).toMatch(/Reporting deadline: .* E[SD]T \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)/);

    const second = await mailer.runOnce();
    expect(second).toMatchObject({ sent: 0, skipped: 3 });
    expect(smtp.mails).toHaveLength(3);
  });

  it('e-mails a new event once: the submission retried, and given up again', async () => {
    await request(t.http)
      .post(`/api/submissions/${(await list()).items[0].key.split(':')[1]}/retry`)
      .set(bearer(miaToken))
      .expect(200);
    await new Promise((r) => setTimeout(r, 5));
    await setSubmission(approved, { status: 'dead', lastError: 'BioTrack NY refused: unknown barcode (again)' });
    const mailer = t.app.get(NotificationMailer);
    expect(await mailer.runOnce()).toMatchObject({ sent: 1 });
    expect(await mailer.runOnce()).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(4);
    expect(smtp.mails[3].text).toContain('unknown barcode (again)');
  });
});
