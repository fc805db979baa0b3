/** Password rules of the reference (Change Password): 8..512 characters from this set. */
const ALLOWED = /^[a-zA-Z0-9!"#$%&'()*+,\-./:;<=>?@\\{}|[\]]*$/;

export function passwordPolicyErrors(password: string): string[] {
  const errors: string[] = [];
  if (password.length < 8) errors.push('password must be at least 8 characters');
  if (password.length > 512) errors.push('password must be at most 512 characters');
  if (!ALLOWED.test(password)) errors.push('password contains a character that is not allowed');
  return errors;
}

/** Default of the per-tenant setting: consecutive failed sign-ins after which the account locks (S-4). */
export const LOCKOUT_THRESHOLD = 5;

/** A random temporary password that satisfies the policy. */
export function temporaryPassword(random: { token(bytes?: number): string }): string {
  return `T${random.token(15).replace(/_/g, '.')}!`;
}
