import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthThrottle } from './auth-throttle.service';
import { AuthService } from './auth.service';
import { InvitationMailer } from './set-password-mail';
import { SetPasswordService } from './set-password.service';
import { SsoAccounts } from './sso-accounts.service';
import { UserController } from './user.controller';
import { UserService } from './user.service';

@Module({
  controllers: [UserController],
  providers: [
    AuthService,
    AuthThrottle,
    UserService,
    SsoAccounts,
    SetPasswordService,
    InvitationMailer,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, AuthThrottle, UserService, SsoAccounts, SetPasswordService],
})
export class AuthModule {}
