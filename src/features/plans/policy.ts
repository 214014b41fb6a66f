/**
 * Who may do what with plans. Until accounts exist (issue 3) every signed-in reader may read
 * plans; the names are declared on the routes now so that the access check is one change.
 */
export const planPermissions = {
  read: 'plan.read',
  manage: 'plan.manage',
} as const;
