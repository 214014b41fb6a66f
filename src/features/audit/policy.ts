/** Who may read the audit log: coordinators and admins (checked for every route). */
export const auditPermissions = { read: 'audit.read' } as const;
