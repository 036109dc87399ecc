import { Module } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { AppConfig } from '../config/app-config';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AttemptCounters } from './attempt-counters.store';
import { AuthThrottle } from './auth-throttle.service';
import { AuthService } from './auth.service';
import { InvitationMailer } from './set-password-mail';
import { SetPasswordService } from './set-password.service';
import { SsoAccounts } from './sso-accounts.service';
import { UserController } from './user.controller';
import { UserService } from './user.service';
import { WebSessionStore } from './web-session.store';

@Module({
  controllers: [UserController],
  providers: [
    AuthService,
    AuthThrottle,
    AttemptCounters,
    UserService,
    SsoAccounts,
    SetPasswordService,
    InvitationMailer,
    { provide: APP_GUARD, useClass: AuthGuard },
    {
      provide: WebSessionStore,
      inject: [EntityManager, AppConfig],
      useFactory: (em: EntityManager, config: AppConfig) => new WebSessionStore(em, config.throttle.sessionsPerUser),
    },
  ],
  exports: [AuthService, AuthThrottle, AttemptCounters, UserService, SsoAccounts, SetPasswordService, WebSessionStore],
})
export class AuthModule {}
