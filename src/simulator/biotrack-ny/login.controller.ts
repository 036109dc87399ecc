import { Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ValidBody } from './request-validation.pipe';
import type { LoginBody } from './request.schemas';
import { SessionService } from './session.service';

@Controller('v1')
export class LoginController {
  constructor(private readonly sessions: SessionService) {}

  @Post('lab/login')
  @HttpCode(200)
  loginLab(
    @Headers('x-ubi') ubi: string | undefined,
    @Headers('x-license') license: string | undefined,
    @ValidBody('login') body: LoginBody,
  ) {
    return this.sessions.login('lab', { ubi, license }, body);
  }

  @Post('user/login')
  @HttpCode(200)
  loginUser(
    @Headers('x-ubi') ubi: string | undefined,
    @Headers('x-license') license: string | undefined,
    @ValidBody('login') body: LoginBody,
  ) {
    return this.sessions.login('licensee', { ubi, license }, body);
  }
}
