import request from 'supertest';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher';
import { ADMIN_TOKEN, bearer, startTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app';
import { cookiesOf, csrfIn } from '../web/web-client';

const PUBLIC_URL = 'https://lims.hudson-lab.example';
const GOOD_PASSWORD = 'lantern meadow quartz 58';
const HOUR = 60 * 60 * 1000;

/** The link's path on this test server (the answer's link is absolute, on PUBLIC_URL). */
const pathOf = (link: string) => new URL(link).pathname;

/** Opens the set-password page as a signed-out browser would, and posts its form with the page's CSRF token. */
async function postNewPassword(t: TestApp, link: string, password: string, repeated = password) {
  const page = await request(t.http).get(pathOf(link)).expect(200);
  const cookie = `lims_login_csrf=${cookiesOf(page).lims_login_csrf}`;
  return request(t.http)
    .post(pathOf(link))
    .set('Cookie', cookie)
    .type('form')
    .send({ _csrf: csrfIn(page.text), password, repeated });
}

describe('one-time set-password links, the users API and licensee invitations', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  const admin = bearer(ADMIN_TOKEN);

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await startTestApp({
      PUBLIC_URL,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Hudson Lab LIMS <lims@hudson-lab.example>',
      LAB_NAME: 'Hudson Valley Analytical',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const create = (body: Record<string, unknown>) => request(t.http).post('/api/users').set(admin).send(body);
  const auditOf = async (userId: string) =>
    (await request(t.http).get(`/api/audit?entityType=user&entityId=${userId}`).set(admin).expect(200)).body as Array<{
      actor: string;
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }>;

  it('gives the first admin a set-password link at first start (issued by the system, audited)', async () => {
    const [row] = (await t.sql(
      "select l.purpose, l.issued_by from set_password_links l join users u on u.id = l.user_id where u.username = 'admin'",
    )) as Array<{ purpose: string; issued_by: string }>;
    expect(row).toEqual({ purpose: 'invitation', issued_by: 'system' });
    const adminId = (
      (await request(t.http).get('/api/users').set(admin).expect(200)).body as Array<{ id: string; username: string }>
    ).find((u) => u.username === 'admin')!.id;
    expect((await auditOf(adminId)).map((e) => [e.actor, e.action])).toEqual([
      ['system', 'user.bootstrapped'],
      ['system', 'password_link.issued'],
    ]);
  });

  it('answers a new user without a password with a one-time link on PUBLIC_URL; the person sets a password on its page', async () => {
    const before = Date.now();
    const res = await create({ username: 'mia.manager', fullName: 'Mia Manager', role: 'manager' }).expect(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        passwordSet: false,
        token: expect.stringMatching(/^lims_/),
        setPasswordLink: expect.stringMatching(/^https:\/\/lims\.hudson-lab\.example\/set-password\/lims_[A-Za-z0-9_-]{43}$/),
      }),
    );
    const expires = Date.parse(res.body.setPasswordLinkExpiresAt);
    expect(expires - before).toBeGreaterThan(71.9 * HOUR);
    expect(expires - before).toBeLessThan(72.1 * HOUR);
    const link: string = res.body.setPasswordLink;
    // Only the link's hash is kept, and it is never listed again.
    expect(JSON.stringify(await t.sql('select * from set_password_links'))).not.toContain(link.split('/').pop());
    expect(JSON.stringify((await request(t.http).get('/api/users').set(admin)).body)).not.toContain(link.split('/').pop());

    const page = await request(t.http).get(pathOf(link)).expect(200);
    expect(page.text).toContain('Choose your password');
    expect(page.text).toContain('Mia Manager');

    // Every problem of the policy in plain words, and nothing typed sent back.
    const weak = await postNewPassword(t, link, 'manager2024');
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('use at least 12 characters');
    expect(weak.text).toContain('do not use your name, username or e-mail address in it');
    expect(weak.text).not.toContain('manager2024');
    const differ = await postNewPassword(t, link, GOOD_PASSWORD, 'lantern meadow quartz 59');
    expect(differ.status).toBe(400);
    expect(differ.text).toContain('the two entries differ');
    expect(differ.text).not.toContain('lantern meadow');

    const done = await postNewPassword(t, link, GOOD_PASSWORD);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login?passwordSet=1');
    const login = await request(t.http).get(done.headers.location).expect(200);
    expect(login.text).toContain('Your password is set. Sign in with it.');

    const users = (await request(t.http).get('/api/users').set(admin)).body as Array<{
      id: string;
      username: string;
      passwordSet: boolean;
    }>;
    const mia = users.find((u) => u.username === 'mia.manager')!;
    expect(mia.passwordSet).toBe(true);
    const [row] = (await t.sql('select password_hash, password_changed_at from users where id = ?', [mia.id])) as Array<{
      password_hash: string;
      password_changed_at: unknown;
    }>;
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(row.password_changed_at).not.toBeNull();
    expect((await auditOf(mia.id)).map((e) => [e.actor, e.action])).toEqual([
      ['admin', 'user.created'],
      ['admin', 'password_link.issued'],
      ['mia.manager', 'password.set'],
    ]);

    // Used once: the page and the form both refuse it now, saying to ask an administrator.
    const again = await request(t.http).get(pathOf(link)).expect(410);
    expect(again.text).toContain('already been used');
    expect(again.text).toContain('ask an administrator');
    const page2 = await request(t.http).get('/login').expect(200);
    const reuse = await request(t.http)
      .post(pathOf(link))
      .set('Cookie', `lims_login_csrf=${cookiesOf(page2).lims_login_csrf}`)
      .type('form')
      .send({ _csrf: csrfIn(page2.text), password: 'another fine phrase 77', repeated: 'another fine phrase 77' })
      .expect(410);
    expect(reuse.text).toContain('already been used');
    const [after] = (await t.sql('select password_hash from users where id = ?', [mia.id])) as Array<{ password_hash: string }>;
    expect(after.password_hash).toBe(row.password_hash);
  });

  it('refuses an expired link and an unknown one with a plain page', async () => {
    const res = await create({ username: 'ed.expired', fullName: 'Ed Expired', role: 'technician' }).expect(201);
    await t.sql('update set_password_links set expires_at = ? where user_id = ?', [new Date(Date.now() - 1000), res.body.id]);
    const expired = await request(t.http).get(pathOf(res.body.setPasswordLink)).expect(410);
    expect(expired.text).toContain('This link has expired. Ask an administrator for a new one.');
    expect(expired.text).not.toContain('name="password"');
    const unknown = await request(t.http)
      .get(`/set-password/lims_${'A'.repeat(43)}`)
      .expect(404);
    expect(unknown.text).toContain('This link is not valid');
    await request(t.http).get('/set-password/not-a-token').expect(404);
  });

  it('keeps no link for a user made with an initial password', async () => {
    const res = await create({ username: 'pia.pass', fullName: 'Pia Pass', role: 'technician', password: TEST_PASSWORD }).expect(
      201,
    );
    expect(res.body).not.toHaveProperty('setPasswordLink');
    expect(res.body.passwordSet).toBe(true);
  });

  it('resets a password with a new 24-hour link; the earlier unused link stops working', async () => {
    const res = await create({ username: 'rex.reset', fullName: 'Rex Reset', role: 'technician' }).expect(201);
    const first = await request(t.http).post(`/api/users/${res.body.id}/password-reset`).set(admin).expect(201);
    expect(Date.parse(first.body.expiresAt) - Date.now()).toBeLessThan(24.1 * HOUR);
    const second = await request(t.http).post(`/api/users/${res.body.id}/password-reset`).set(admin).expect(201);
    expect(second.body).toEqual({
      userId: res.body.id,
      setPasswordLink: expect.stringContaining(PUBLIC_URL),
      expiresAt: expect.any(String),
    });
    for (const old of [res.body.setPasswordLink, first.body.setPasswordLink]) {
      expect((await request(t.http).get(pathOf(old)).expect(410)).text).toContain('a newer link replaced it');
    }
    expect((await postNewPassword(t, second.body.setPasswordLink, GOOD_PASSWORD)).status).toBe(303);
    expect((await auditOf(res.body.id)).filter((e) => e.action === 'password_link.issued').map((e) => e.after!.purpose)).toEqual([
      'invitation',
      'reset',
      'reset',
    ]);
    await request(t.http).post('/api/users/00000000-0000-4000-8000-000000000000/password-reset').set(admin).expect(404);
  });

  it('does not let a deactivated user set a password through an old link, nor reset one', async () => {
    const res = await create({ username: 'dee.gone', fullName: 'Dee Gone', role: 'technician' }).expect(201);
    await request(t.http).post(`/api/users/${res.body.id}/deactivate`).set(admin).expect(200);
    await request(t.http).get(pathOf(res.body.setPasswordLink)).expect(404);
    const reset = await request(t.http).post(`/api/users/${res.body.id}/password-reset`).set(admin).expect(409);
    expect(reset.body.message).toContain('deactivated');
  });

  it('changes role, names and e-mail with PATCH, auditing before and after, under the licensee rules', async () => {
    const res = await create({ username: 'tia.tech', fullName: 'Tia Tech', role: 'technician', password: TEST_PASSWORD }).expect(
      201,
    );
    const id = res.body.id;
    const patch = (body: unknown) =>
      request(t.http)
        .patch(`/api/users/${id}`)
        .set(admin)
        .send(body as object);

    const changed = await patch({ role: 'manager', title: 'QA Manager', email: 'Tia@Hudson-Lab.example' }).expect(200);
    expect(changed.body).toEqual(
      expect.objectContaining({ role: 'manager', title: 'QA Manager', email: 'tia@hudson-lab.example' }),
    );
    const audit = (await auditOf(id)).filter((e) => e.action === 'user.updated');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'admin',
        before: { role: 'technician', title: null, email: null },
        after: { role: 'manager', title: 'QA Manager', email: 'tia@hudson-lab.example' },
      }),
    ]);
    // The new role is in force at once.
    await request(t.http).get('/api/submissions').set(bearer(res.body.token)).expect(200);

    expect((await patch({ role: 'licensee' }).expect(400)).body.message).toContain('licenseNumber: required for a licensee user');
    await patch({ role: 'licensee', licenseNumber: 'OCM-RETL-24-000415' }).expect(200);
    expect((await patch({ role: 'technician' }).expect(200)).body).toEqual(
      expect.objectContaining({ role: 'technician', licenseNumber: null }),
    );
    expect((await patch({ licenseNumber: 'OCM-RETL-24-000415' }).expect(400)).body.message).toContain(
      'only licensee users are bound to a license',
    );
    expect((await patch({ role: 'superuser' }).expect(400)).body.message).toContain('role');
    expect((await patch({ password: 'x' }).expect(400)).body.message).toContain('unknown field(s) password');
    expect((await patch({}).expect(400)).body.message).toContain('name at least one of');
    await patch({ title: null, fullName: 'Tia Technician' }).expect(200);
    const other = await create({
      username: 'ola.other',
      fullName: 'Ola Other',
      role: 'technician',
      email: 'ola@hudson-lab.example',
    });
    expect(other.status).toBe(201);
    expect((await patch({ email: 'ola@hudson-lab.example' }).expect(409)).body.message).toContain('belongs to another user');
  });

  it('keeps at least one active admin', async () => {
    const users = (await request(t.http).get('/api/users').set(admin)).body as Array<{ id: string; username: string }>;
    const adminId = users.find((u) => u.username === 'admin')!.id;
    const refused = await request(t.http).patch(`/api/users/${adminId}`).set(admin).send({ role: 'manager' }).expect(409);
    expect(refused.body.message).toBe('admin is the last active admin: make another user admin first');

    const second = await create({ username: 'ada.admin', fullName: 'Ada Admin', role: 'admin', password: TEST_PASSWORD }).expect(
      201,
    );
    const ada = bearer(second.body.token);
    // With a second admin, the first may step down; the second cannot then step down too.
    await request(t.http).patch(`/api/users/${adminId}`).set(admin).send({ role: 'manager' }).expect(200);
    await request(t.http).patch(`/api/users/${second.body.id}`).set(ada).send({ role: 'technician' }).expect(409);
    await request(t.http).patch(`/api/users/${adminId}`).set(ada).send({ role: 'admin' }).expect(200);
    await request(t.http).post(`/api/users/${second.body.id}/deactivate`).set(ada).expect(409);
    await request(t.http).post(`/api/users/${second.body.id}/deactivate`).set(admin).expect(200);
    expect(
      (await request(t.http).patch(`/api/users/${adminId}`).set(admin).send({ role: 'manager' }).expect(409)).body.message,
    ).toContain('last active admin');
  });

  it('invites a licensee: the link is answered once and e-mailed to them with who invites them and what they will see', async () => {
    const res = await create({
      username: 'catskill.retail',
      fullName: 'Cara Catskill',
      role: 'licensee',
      licenseNumber: 'OCM-RETL-24-000415',
      email: 'cara@catskill-retail.example',
    }).expect(201);
    expect(res.body.invitationEmailed).toBe(true);
    const mail = smtp.mails.find((m) => m.to.includes('cara@catskill-retail.example'));
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('Hudson Valley Analytical invites you to see your test results');
    const text = mail!.text.replace(/\r\n/g, '\n');
    expect(text).toContain('Hudson Valley Analytical invites you to its results portal for license OCM-RETL-24-000415');
    expect(text).toContain('certificates of');
    expect(text).toContain(res.body.setPasswordLink);
    expect(text).toContain('Your username: catskill.retail');
    expect((await auditOf(res.body.id)).map((e) => e.action)).toContain('invitation.emailed');
    // The link in the e-mail works like any other.
    const link = /https:\/\/\S+\/set-password\/\S+/.exec(text)![0];
    expect((await postNewPassword(t, link, GOOD_PASSWORD)).status).toBe(303);

    // A lab user gets the link from the admin in person: no e-mail.
    const count = smtp.mails.length;
    const lab = await create({ username: 'lee.lab', fullName: 'Lee Lab', role: 'technician', email: 'lee@hudson-lab.example' });
    expect(lab.body).not.toHaveProperty('invitationEmailed');
    expect(smtp.mails.length).toBe(count);
  });
});
