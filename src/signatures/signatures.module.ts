import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SignatureService } from './signature.service';

@Module({ imports: [AuthModule], providers: [SignatureService], exports: [SignatureService] })
export class SignaturesModule {}
