/** Who may do what with the directory (checked on the server from issue 3 on). */
export const organisationPermissions = {
  read: 'directory.read',
  manage: 'directory.manage',
} as const;
