import { z } from '@hono/zod-openapi';
import { DATA_TYPES } from '../../domain/conditions/condition';
import { OPERATORS_BY_TYPE } from '../../domain/conditions/operators';
import { validateConditions } from '../../domain/conditions/validate';
import { roleApp } from './app';
import { ok } from './envelope';
import { jsonRequest, pathParams, roleRoute } from './route';
import { conditionSchema } from './wire';

const tag = 'Condition attribute data types';

const DataTypeProtocol = z
  .object({
    dataType: z.enum(DATA_TYPES),
    operators: z.array(z.object({ operatorTypeCode: z.string(), min: z.number().int(), max: z.number().int() })),
  })
  .openapi('GetAttributeDataTypeResponse.AttributeDataTypeProtocol');

/** Reference section 条件属性データ型 (operators per type: semantics §6.3). */
export function attributeDataTypeRoutes() {
  return roleApp()
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/data-types',
        tag,
        summary: 'List data types with their operators and value counts',
        request: { params: pathParams({}) },
        response: { name: 'GetAttributeDataTypeResponse', fields: { dataTypes: z.array(DataTypeProtocol) } },
      }),
      (c) =>
        ok(c, {
          dataTypes: DATA_TYPES.map((dataType) => ({
            dataType,
            operators: OPERATORS_BY_TYPE[dataType].map((o) => ({ operatorTypeCode: o.operatorTypeCode, min: o.min, max: o.max })),
          })),
        }),
    )
    .openapi(
      roleRoute({
        method: 'post',
        path: '/attributes/condition/validate',
        tag,
        summary: 'Validate conditions (C4)',
        request: { params: pathParams({}), body: jsonRequest(z.object({ conditions: z.array(conditionSchema) }).openapi('ValidateConditionValuesRequest')) },
      }),
      async (c) => {
        await validateConditions(c.var.deps, c.var.tenant.appKey, c.req.valid('json').conditions);
        return ok(c);
      },
    );
}
