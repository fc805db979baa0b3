import { z } from '@hono/zod-openapi';
import type { Contract } from '../../domain/apps/model';
import type { AppsUser } from '../../domain/apps/users';

export const ServiceRole = z.object({ service_partition: z.string(), role_id: z.string(), role_name: z.string() }).openapi('AppsServiceRole');

export const AppsUserSchema = z
  .object({
    account_id: z.string(),
    organization_id: z.string().nullable(),
    name: z.string(),
    nickname: z.string(),
    emails: z.array(z.object({ address: z.string(), verified: z.boolean() })),
    disabled: z.boolean(),
    is_organization_admin: z.boolean(),
    product_owner_of: z.array(z.string()).openapi({ description: 'Service partitions whose product owner the user is' }),
    service_roles: z.array(ServiceRole).openapi({ description: 'Roles assigned in service partitions the caller may see' }),
    has_profile_image: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('AppsUser');

export const userWire = (u: AppsUser): z.infer<typeof AppsUserSchema> => ({
  account_id: u.account.userId,
  organization_id: u.organizationId,
  name: u.account.name,
  nickname: u.account.nickname,
  emails: u.emails,
  disabled: u.account.disabled,
  is_organization_admin: u.view.isOrganizationAdmin,
  product_owner_of: [...u.view.ownedPartitions].sort(),
  service_roles: u.serviceRoles.map((r) => ({ service_partition: r.servicePartition, role_id: r.roleId, role_name: r.roleName })),
  has_profile_image: u.hasProfileImage,
  created_at: u.account.createdAt,
  updated_at: u.account.updatedAt,
});

export const ContractSchema = z
  .object({
    service_partition: z.string(),
    organization_id: z.string().nullable(),
    status: z.enum(['active', 'suspended', 'cancelled']),
    plan: z.string().nullable(),
    starts_at: z.string().nullable(),
    ends_at: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    in_force: z.boolean().openapi({ description: 'status is active and now is within [starts_at, ends_at)' }),
    version: z.number().int().openapi({ description: 'The publication this copy comes from (increases at every /contracts/update)' }),
    updated_at: z.string(),
  })
  .openapi('AppsContract');

export const contractWire = (c: Contract, meta: { organizationId: string | null; inForce: boolean; version: number }): z.infer<typeof ContractSchema> => ({
  service_partition: c.servicePartition,
  organization_id: meta.organizationId,
  status: c.status,
  plan: c.plan,
  starts_at: c.startsAt,
  ends_at: c.endsAt,
  attributes: c.attributes,
  in_force: meta.inForce,
  version: meta.version,
  updated_at: c.updatedAt,
});
