/** Who may read the outbox and send a message again: administrators. */
export const mailPermissions = { outbox: 'mail.outbox' } as const;

/**
 * The kinds written to an organisation's contact before the account could sign in, each with a
 * one-time link (the invitation, a reminder that renews it): e-mail only. By the time the person
 * signs in the link is used or replaced, so they are neither listed nor counted as notifications.
 */
export const NOT_NOTIFICATIONS = ['invitation', 'report.reminderContact'] as const;
