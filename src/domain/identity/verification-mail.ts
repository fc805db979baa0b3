import { sha256Hex } from '../../lib/crypto';
import type { Deps, MailMessage } from '../ports';
import type { UserEmail } from './account';

/** How long a mailed verification token stays valid (24 h). */
export const VERIFICATION_TTL_SECONDS = 24 * 60 * 60;

/** Where the mail tells the user to send the token (the face knows the tenant's public URL). */
export interface VerificationLink {
  /** e.g. `https://iam.example.com/t/{appKey}/v1/emails/verified` */
  endpoint: string;
}

/** A fresh secret, its digest and expiry (epoch seconds). The token itself exists only in the mail. */
export async function newVerificationSecret(deps: Deps) {
  const secret = deps.random.token(32);
  const issuedAt = deps.clock.now();
  return { secret, tokenHash: await sha256Hex(secret), expiresAt: Math.floor(issuedAt.getTime() / 1000) + VERIFICATION_TTL_SECONDS, issuedAt };
}

export function verificationMail(address: string, token: string, expiresAt: number, link: VerificationLink): MailMessage {
  const until = new Date(expiresAt * 1000).toISOString();
  return {
    to: address,
    kind: 'email_verification',
    subject: 'Verify your e-mail address',
    body: [
      `Please confirm that ${address} is your e-mail address.`,
      '',
      `Verification token: ${token}`,
      `It can be used once, until ${until}.`,
      '',
      `To verify, send PUT ${link.endpoint}`,
      `with the JSON body {"verification_token": "${token}"}.`,
      '',
      'If you did not ask for this, ignore this message.',
    ].join('\n'),
  };
}

/** Mails the token `<email id>.<secret>` of a stored address through the tenant's mail sender. */
export async function mailVerificationToken(deps: Deps, tenantId: string, email: UserEmail, secret: string, expiresAt: number, link: VerificationLink) {
  await deps.mail.send(tenantId, verificationMail(email.address, `${email.id}.${secret}`, expiresAt, link));
}
