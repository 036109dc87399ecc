import {
  applyDecorators,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  Redirect,
  SetMetadata,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController, ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Role } from '../auth/role';
import { Public, Roles } from '../auth/roles.decorator';
import { BellInterceptor, PAGE_KEY } from './bell.interceptor';
import { WebExceptionFilter } from './web-exception.filter';
import { WebFormInterceptor } from './web-form.interceptor';
import { WebMultipart } from './web-multipart.interceptor';

/** Most files one upload form may carry. */
export const MAX_FILES_PER_FORM = 20;

/** Who may open a page: the API's roles, or `public`. */
type Access = readonly Role[] | 'public';
const access = (who: Access) => (who === 'public' ? Public() : Roles(...who));

/** A controller of pages: its errors become pages, redirects and messages, and it stays out of the OpenAPI document. */
export function WebController(path = '') {
  return applyDecorators(Controller(path), UseFilters(WebExceptionFilter), ApiExcludeController());
}

/** A server-rendered page: the handler returns the HTML (with the bell of what needs a manager's action). */
export function Page(path: string, who: Access) {
  return applyDecorators(
    Get(path),
    access(who),
    Header('Content-Type', 'text/html; charset=utf-8'),
    SetMetadata(PAGE_KEY, true),
    UseInterceptors(BellInterceptor),
    ApiExcludeEndpoint(),
  );
}

/** A file or export the browser downloads. */
export function Download(path: string, who: Access) {
  return applyDecorators(Get(path), access(who), ApiExcludeEndpoint());
}

/**
 * A form post (CSRF-checked) answered with a 303 to the page the handler names (`FormOutcome`). Multipart
 * forms name their file field: the CSRF token is checked before any file is read, files stream to disk.
 */
export function FormPost(path: string, who: Access, files?: { field: string; max?: number }) {
  const multipart = files ? [WebMultipart(files.field, files.max ?? 1)] : [];
  return applyDecorators(
    Post(path),
    access(who),
    Redirect('/', 303),
    UseInterceptors(...multipart, WebFormInterceptor),
    ApiExcludeEndpoint(),
  );
}

/**
 * A form post (CSRF-checked) whose handler answers itself through the response: the page again, with what was
 * typed and why it was refused, or a 303 onwards. For forms too long to be typed again after an error.
 */
export function FormPage(path: string, who: Access, files?: { field: string; max?: number }) {
  const multipart = files ? [WebMultipart(files.field, files.max ?? 1)] : [];
  return applyDecorators(Post(path), access(who), UseInterceptors(...multipart, WebFormInterceptor), ApiExcludeEndpoint());
}

/** A post made by the page's script (upload with progress), answered with JSON. */
export function ScriptPost(path: string, who: Access, files: { field: string }) {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    access(who),
    UseInterceptors(WebMultipart(files.field, 1), WebFormInterceptor),
    ApiExcludeEndpoint(),
  );
}
