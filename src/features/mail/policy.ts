/** Who may read the outbox and send a message again: administrators. */
export const mailPermissions = { outbox: 'mail.outbox' } as const;
