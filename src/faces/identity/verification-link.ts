import type { Context } from 'hono';
import type { VerificationLink } from '../../domain/identity/verification-mail';
import type { AppEnv } from '../../env';
import { issuerOf } from '../oauth/request';

/** Where a verification mail sends the user: the public Set Email as Verified endpoint of this tenant. */
export const linkOf = (c: Context<AppEnv>): VerificationLink => ({ endpoint: `${issuerOf(c, c.var.tenant.appKey)}/v1/emails/verified` });
