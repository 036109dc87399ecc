import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor } from '../auth/actor';
import { Public, Roles } from '../auth/roles.decorator';
import { LicenseeFileDto, LicenseeListDto, LicenseeQueryDto } from './licensee.schemas';
import { LicenseePortal } from './licensee-portal.service';
import { CertificateService } from './certificate.service';
import { LicenseeService } from './licensee.service';

@ApiTags('licensee')
@Controller()
export class LicenseeController {
  constructor(
    private readonly licensee: LicenseeService,
    private readonly certificates: CertificateService,
    private readonly portal: LicenseePortal,
  ) {}

  @Get('api/licensee/samples')
  @ApiBearerAuth()
  @Roles('licensee')
  @ApiOperation({
    summary: "The calling licensee's samples, newest first: each with its current release and summary, or in testing",
    description:
      'Only samples submitted under the caller’s own license. `q` is part of a product name, batch or lab sample ID, or a whole UID as printed (spaces and dashes ignored). Product received from another licensee is looked up by its UID at /api/licensee/results.',
  })
  listLicenseeSamples(@CurrentActor() actor: Actor, @Query() q: LicenseeListDto) {
    return this.portal.list(actor, q);
  }

  @Get('api/licensee/results')
  @ApiBearerAuth()
  @Roles('licensee')
  @ApiOperation({
    summary: 'Approved results for product the calling licensee holds (404 otherwise)',
    description:
      "Every certificate is authorized on its own: its sample was submitted by the caller's license, or the state system, asked with the caller's account, confirms the caller holds that sample or the lot it was drawn from. Another licensee's sample of the same lot is never included.",
  })
  getLicenseeResults(@CurrentActor() actor: Actor, @Query() q: LicenseeQueryDto) {
    return this.licensee.results(actor, q.uid);
  }

  @Get('api/licensee/results/:file')
  @ApiBearerAuth()
  @Roles('licensee')
  @ApiOperation({ summary: 'The same as a file: <uid>.json, .csv, .xlsx or .pdf (the same per-certificate authorization)' })
  async downloadLicenseeResults(
    @CurrentActor() actor: Actor,
    @Param() p: LicenseeFileDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const file = await this.licensee.export(actor, p.file.uid, p.file.format);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }

  @Get('api/certificates/:id.pdf')
  @Public()
  @ApiOperation({ summary: 'A released certificate (the link sent to the state system)' })
  async getCertificate(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const pdf = await this.licensee.certificatePdf(uuidOrNotFound(id));
    res.setHeader('Content-Type', 'application/pdf');
    return new StreamableFile(pdf);
  }

  @Get('api/certificates/:id/original.pdf')
  @Public()
  @ApiOperation({ summary: "The other lab's certificate a released record of its results was taken from" })
  async getOriginalCertificate(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const original = await this.certificates.original(uuidOrNotFound(id));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${original.name.replace(/["\\\r\n]/g, '_')}"`);
    return new StreamableFile(original.bytes);
  }

  @Get('verify/:id')
  @Public()
  @ApiProduces('text/html', 'application/json')
  @ApiOperation({ summary: 'Verify a certificate from its QR code: a page for phones, or JSON with Accept: application/json' })
  async verifyCertificate(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.vary('Accept');
    if (req.accepts(['html', 'json']) === 'json') return this.certificates.verify(uuidOrNotFound(id));
    const page = await this.certificates.verifyPage(uuidOrNotFound(id));
    res.status(page.status).type('html');
    return page.html;
  }
}

/** A malformed id is simply not found (the database would reject it on PostgreSQL). */
function uuidOrNotFound(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000';
}
