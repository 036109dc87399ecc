import { createZodDto } from 'nestjs-zod';
import { MethodDefinitionSchema } from './method-definition.schema';

/** POST /api/methods and PUT /api/methods/:key take the same JSON a method export gives. */
export class MethodDefinitionDto extends createZodDto(MethodDefinitionSchema) {}
