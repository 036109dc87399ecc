import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { RequireMultipart } from './require-multipart.interceptor';

/** A text field sent beside the file, as the API documentation lists it. */
interface FormField {
  type: 'string';
  description?: string;
}

/**
 * A route taking one file as multipart field `file` beside the text fields named: any other body is refused (415),
 * and the API documentation shows the form.
 */
export function FileUpload(fields: Record<string, FormField>) {
  return applyDecorators(
    UseInterceptors(RequireMultipart, FileInterceptor('file')),
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, ...fields } },
    }),
  );
}
