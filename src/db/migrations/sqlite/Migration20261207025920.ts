import { Migration } from '@mikro-orm/migrations';

export class Migration20261207025920 extends Migration {
  override async up(): Promise<void> {
    // Every signature made before single sign-on could confirm a signer was made with the password.
    this.addSql(`alter table \`signatures\` add column \`authenticated_by\` text not null default 'password';`);
    this.addSql(`alter table \`web_sessions\` add column \`sso_confirmed_at\` datetime null;`);
  }
}
